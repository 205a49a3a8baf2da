/// Why a delivery is abandoned and kept in the dead letter for an operator.
package enum DeadLetterReason: Sendable, Hashable {
    /// The receiver rejected the request (a 4xx other than 408, 410 and 429): retrying the same
    /// request would fail the same way.
    case rejected(status: Int)
    /// The receiver answered with a redirect (3xx), which deliveries never follow.
    case redirected(status: Int)
    /// The receiver answered 410 Gone: the endpoint no longer exists.
    case gone
    /// Every attempt the policy allows has failed; the last outcome is kept.
    case attemptsExhausted(last: DeliveryOutcome)

    /// True when the endpoint should be disabled, so that no further message is sent to it.
    package var disablesEndpoint: Bool { self == .gone }
}
