/// Where an outbox row stands.
package enum DeliveryStatus: String, Sendable, Codable, CaseIterable {
    /// Waiting for its next attempt (`nextAttemptAt`).
    case pending
    /// Claimed by the worker and being sent; back to pending if the server stops meanwhile.
    case inflight
    /// Accepted by the receiver (2xx).
    case delivered
    /// Given up (dead letter): rejected, gone, or out of attempts. `notify.retry` revives it.
    case dead
    /// A webhook addressed to `*` that was copied to one row per subscribed endpoint.
    case fannedOut
}
