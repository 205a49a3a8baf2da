/// Why a received webhook was rejected by `StandardWebhookVerifier`.
package enum WebhookVerificationError: Error, Sendable, Hashable {
    /// `webhook-id`, `webhook-timestamp` or `webhook-signature` is absent (the name is given).
    case missingHeader(String)
    /// `webhook-timestamp` is not an integer number of seconds.
    case invalidTimestamp
    /// The timestamp is further from now than the tolerance: a replay or a wrong clock.
    case timestampOutOfTolerance
    /// No `v1` signature in the header matches any of the secrets.
    case noMatchingSignature
}
