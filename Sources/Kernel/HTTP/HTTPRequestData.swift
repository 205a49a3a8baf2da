/// An HTTP request as a contributed route sees it: the body is already collected (within the
/// edge's limit) and the path's captures are named.
package struct HTTPRequestData: Sendable {
    package let method: String
    /// The path without the query string: `/sms/twilio`.
    package let path: String
    /// The raw query string (without `?`), empty when there is none.
    package let query: String
    /// Header fields by lower-case name; repeated fields are joined with `, `.
    package let headers: [String: String]
    package let body: [UInt8]
    /// The route pattern's captures: `["token": "abc"]` for `/calendars/{token}.ics`.
    package let parameters: [String: String]
    /// The URL the outside world uses for this server (`http.publicUrl`), without a trailing slash:
    /// what a gateway signed, since a TLS proxy usually sits in front.
    package let publicURL: String

    package init(
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
    package func header(_ name: String) -> String? { headers[name.lowercased()] }
}
