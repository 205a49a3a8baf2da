package import Foundation

/// The answer to one HTTP request: whatever the status, a response means the server answered.
package struct HTTPResponse: Sendable, Hashable {
    /// The status code of the final response (redirects are never followed).
    package var status: Int
    /// The header fields of the final response, in the order received.
    package var headers: [HTTPHeader]
    /// The response body.
    package var body: Data
    /// The time from the start of the transfer to its end.
    package var duration: Duration

    package init(status: Int, headers: [HTTPHeader] = [], body: Data = Data(), duration: Duration = .zero) {
        self.status = status
        self.headers = headers
        self.body = body
        self.duration = duration
    }

    /// The body read as UTF-8 text (for logs and tests).
    package var bodyText: String { String(decoding: body, as: UTF8.self) }
}
