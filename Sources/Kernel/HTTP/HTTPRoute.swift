/// One HTTP endpoint that a plugin contributes to the HTTP edge (`permanence serve --http`).
///
/// Plugins describe routes with these plain values and never import the HTTP library: the edge
/// matches the path, limits and collects the body, calls `handler`, and writes what it returns.
/// A pattern is literal segments and captures: `/sms/inbound/{gatewayId}`, `/calendars/{token}.ics`
/// (a capture may end with a literal suffix inside its segment).
public struct HTTPRoute: Sendable {
    public typealias Handler = @Sendable (HTTPRequestData) async throws -> HTTPResponseData

    /// `GET`, `POST`…, upper case.
    public let method: String
    public let path: String
    /// One line for the route table of `Docs/http.md` and the edge's logs.
    public let summary: String
    public let handler: Handler
    /// `path` split at `/`, once.
    private let segments: [Substring]

    public init(_ method: String, _ path: String, summary: String, handler: @escaping Handler) {
        self.method = method.uppercased()
        self.path = path
        segments = path.split(separator: "/", omittingEmptySubsequences: true)
        self.summary = summary
        self.handler = handler
    }

    /// The captures when `requestPath` (without its query) matches the pattern, else `nil`.
    public func match(_ requestPath: String) -> [String: String]? {
        let pattern = segments
        let parts = requestPath.split(separator: "/", omittingEmptySubsequences: true)
        guard pattern.count == parts.count else { return nil }
        var captures: [String: String] = [:]
        for (p, actual) in zip(pattern, parts) {
            guard p.hasPrefix("{"), let close = p.firstIndex(of: "}") else {
                if p != actual { return nil }
                continue
            }
            let name = String(p[p.index(after: p.startIndex)..<close])
            let suffix = p[p.index(after: close)...]
            guard actual.hasSuffix(suffix), actual.count > suffix.count else { return nil }
            let value = String(actual.dropLast(suffix.count))
            captures[name] = value.contains("%") ? (value.removingPercentEncoding ?? value) : value
        }
        return captures
    }
}
