/// Sends one HTTP request and returns the server's response.
///
/// A conforming type returns a response for every status code the server sends (a 500 is a
/// response, not an error) and throws only when no response was received, as an
/// `HTTPClientError` for network failures. Tests and callers inject a fake through this protocol.
package protocol HTTPClient: Sendable {
    func send(_ request: HTTPRequest) async throws -> HTTPResponse
}
