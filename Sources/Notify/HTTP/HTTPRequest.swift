import Foundation

/// An outgoing HTTP request, as built by an SMS gateway or a webhook signer and sent by an
/// `HTTPClient`. A plain value: building one has no side effect.
public struct HTTPRequest: Sendable, Hashable {
    /// The method, upper case (`GET`, `POST`, `PUT`…).
    public var method: String
    /// The absolute `http` or `https` URL.
    public var url: String
    /// The header fields, in the order they are sent.
    public var headers: [HTTPHeader]
    /// The body; empty for none.
    public var body: Data

    public init(method: String = "GET", url: String, headers: [HTTPHeader] = [], body: Data = Data()) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    /// The body read as UTF-8 text (for logs and tests).
    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}
