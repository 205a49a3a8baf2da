package import Foundation

/// An outgoing HTTP request, as built by an SMS gateway or a webhook signer and sent by an
/// `HTTPClient`. A plain value: building one has no side effect.
package struct HTTPRequest: Sendable, Hashable {
    /// The method, upper case (`GET`, `POST`, `PUT`…).
    package var method: String
    /// The absolute `http` or `https` URL.
    package var url: String
    /// The header fields, in the order they are sent.
    package var headers: [HTTPHeader]
    /// The body; empty for none.
    package var body: Data

    package init(method: String = "GET", url: String, headers: [HTTPHeader] = [], body: Data = Data()) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    /// The body read as UTF-8 text (for logs and tests).
    package var bodyText: String { String(decoding: body, as: UTF8.self) }
}
