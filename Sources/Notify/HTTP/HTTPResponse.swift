import Foundation

/// The answer to one HTTP request: whatever the status, a response means the server answered.
public struct HTTPResponse: Sendable, Hashable {
    /// The status code of the final response (redirects are never followed).
    public var status: Int
    /// The header fields of the final response, in the order received.
    public var headers: [HTTPHeader]
    /// The response body.
    public var body: Data
    /// The time from the start of the transfer to its end.
    public var duration: Duration

    public init(status: Int, headers: [HTTPHeader] = [], body: Data = Data(), duration: Duration = .zero) {
        self.status = status
        self.headers = headers
        self.body = body
        self.duration = duration
    }

    /// The body read as UTF-8 text (for logs and tests).
    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}
