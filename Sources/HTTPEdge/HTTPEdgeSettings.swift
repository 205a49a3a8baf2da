package import Kernel

/// The `http:` section of the configuration: where the HTTP edge listens and its limits.
///
/// ```yaml
/// http:
///   listen: 127.0.0.1:8080           # serve --http overrides it; absent: no HTTP edge
///   publicUrl: https://permanence.example.fr   # what gateways and calendars call (a TLS proxy in front)
///   maxBodyBytes: 65536               # larger bodies → 413
///   headerTimeoutSeconds: 10          # a request head not finished by then: connection closed
///   idleTimeoutSeconds: 60            # an idle keep-alive connection is closed
///   maxOutboxBacklog: 1000            # /readyz answers 503 above this many waiting notifications
///   twilio: {authToken: ${TWILIO_AUTH_TOKEN}}   # when sending goes through another gateway
/// ```
package struct HTTPEdgeSettings: Sendable, Decodable, Equatable {
    package var listen: String?
    package var publicUrl: String?
    package var maxBodyBytes: Int = 64 << 10
    package var headerTimeoutSeconds: Int = 10
    package var idleTimeoutSeconds: Int = 60
    package var maxOutboxBacklog: Int = 1000

    package init() {}

    enum CodingKeys: String, CodingKey {
        case listen, publicUrl, maxBodyBytes, headerTimeoutSeconds, idleTimeoutSeconds, maxOutboxBacklog, twilio, gateways
    }

    /// `http.twilio`, read by Notify's Twilio route; decoded here so that its keys are checked.
    struct Twilio: Decodable { var authToken: String? }

    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        listen = try c.decodeIfPresent(String.self, forKey: .listen)
        publicUrl = try c.decodeIfPresent(String.self, forKey: .publicUrl)
        maxBodyBytes = try c.decodeIfPresent(Int.self, forKey: .maxBodyBytes) ?? maxBodyBytes
        headerTimeoutSeconds = try c.decodeIfPresent(Int.self, forKey: .headerTimeoutSeconds) ?? headerTimeoutSeconds
        idleTimeoutSeconds = try c.decodeIfPresent(Int.self, forKey: .idleTimeoutSeconds) ?? idleTimeoutSeconds
        maxOutboxBacklog = try c.decodeIfPresent(Int.self, forKey: .maxOutboxBacklog) ?? maxOutboxBacklog
        _ = try c.decodeIfPresent(Twilio.self, forKey: .twilio)
        _ = c.contains(.gateways) // read and checked by Notify's InboundGateway
        if let listen, !(listen.lastIndex(of: ":").flatMap { Int(listen[listen.index(after: $0)...]) }.map { (0...65535).contains($0) } ?? false) {
            throw ConfigurationIssue(path: "listen", message: "expected HOST:PORT, got \(listen)")
        }
        if let url = publicUrl, !(url.hasPrefix("http://") || url.hasPrefix("https://")) {
            throw ConfigurationIssue(path: "publicUrl", message: "expected an http:// or https:// URL, got \(url)")
        }
        for (key, value) in [
            ("maxBodyBytes", maxBodyBytes), ("headerTimeoutSeconds", headerTimeoutSeconds),
            ("idleTimeoutSeconds", idleTimeoutSeconds)
        ] where value <= 0 {
            throw ConfigurationIssue(path: key, message: "must be positive")
        }
    }

    /// The section of `document` (defaults when absent); problems name their path and line.
    package static func load(_ document: ConfigurationDocument) throws(ConfigurationError) -> HTTPEdgeSettings {
        var issues: [ConfigurationIssue] = []
        let settings = document.decode(HTTPEdgeSettings.self, at: "http", default: HTTPEdgeSettings(), issues: &issues)
        if !issues.isEmpty { throw ConfigurationError(issues, source: document.source) }
        return settings ?? HTTPEdgeSettings()
    }
}
