package import Foundation

/// What to do after a delivery attempt.
package enum RetryDecision: Sendable, Hashable {
    /// The receiver accepted the message (2xx): done.
    case delivered
    /// Try again, not before this instant.
    case retry(at: Date)
    /// Stop trying; keep the message for an operator.
    case deadLetter(DeadLetterReason)
}
