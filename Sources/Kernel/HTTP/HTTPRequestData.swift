/// An HTTP request as a contributed route sees it: the body is already collected (within the
/// edge's limit) and the path's captures are named.
public struct HTTPRequestData: Sendable {
    public let method: String
    /// The path without the query string: `/sms/twilio`.
    public let path: String
    /// The raw query string (without `?`), empty when there is none.
    public let query: String
    /// Header fields by lower-case name; repeated fields are joined with `, `.
    public let headers: [String: String]
    public let body: [UInt8]
    /// The route pattern's captures: `["token": "abc"]` for `/calendars/{token}.ics`.
    public let parameters: [String: String]
    /// The URL the outside world uses for this server (`http.publicUrl`), without a trailing slash:
    /// what a gateway signed, since a TLS proxy usually sits in front.
    public let publicURL: String

    public init(
        method: String, path: String, query: String = "", headers: [String: String] = [:], body: [UInt8] = [],
        parameters: [String: String] = [:], publicURL: String
    ) {
        self.method = method
        self.path = path
        self.query = query
        var lower: [String: String] = [:]
        for (k, v) in headers { lower[k.lowercased()] = v }
        self.headers = lower
        self.body = body
        self.parameters = parameters
        self.publicURL = publicURL
    }

    /// The header field `name` (any case).
    public func header(_ name: String) -> String? { headers[name.lowercased()] }
}
