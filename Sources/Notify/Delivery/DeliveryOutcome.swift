/// What one delivery attempt ended with, as the `RetryPolicy` sees it.
package enum DeliveryOutcome: Sendable, Hashable {
    /// No response: connection refused, DNS failure, timeout, TLS error… (the message is kept
    /// for the attempt record).
    case networkError(String)
    /// The server answered with `status`; `retryAfter` is its raw `Retry-After` header, if any.
    case response(status: Int, retryAfter: String? = nil)

    /// The outcome of a received response.
    package init(_ response: HTTPResponse) {
        self = .response(status: response.status, retryAfter: response.headers.value(for: "Retry-After"))
    }

    /// The outcome of an error thrown by `HTTPClient.send`.
    package init(_ error: any Error) {
        self = .networkError(String(describing: error))
    }
}
