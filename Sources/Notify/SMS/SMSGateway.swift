/// An HTTP SMS provider: turns one message into the HTTP request that submits it.
///
/// Building the request is pure (no I/O); sending it is the `HTTPClient`'s job, and deciding
/// what the response means is the `RetryPolicy`'s.
package protocol SMSGateway: Sendable {
    /// The request that sends `text` to the E.164 number `to` (`+33612345678`).
    func request(to: String, text: String) -> HTTPRequest
    /// The gateway's id for the message it accepted, read from its answer (nil when it gives none).
    func providerMessageId(in response: HTTPResponse) -> String?
}

extension SMSGateway {
    package func providerMessageId(in response: HTTPResponse) -> String? { nil }
}
