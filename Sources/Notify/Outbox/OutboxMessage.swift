package import Foundation
package import Kernel

/// One outbox row as Notify reads it (decoded from the row) and as `notify.list` / `notify.get` show it
/// (encoded with the row id as a string).
package struct OutboxMessage: Sendable, Encodable, Equatable, StoreRowDecodable {
    /// The row id (a string on the wire).
    package var id: String { String(rowID) }
    package var rowID: Int64
    /// The Standard Webhooks `webhook-id`: the same on every attempt.
    package var messageId: String
    package var channel: String
    package var destination: String
    package var event: String
    package var payload: String
    package var urgency: Outbox.Urgency
    package var reference: String?
    package var status: DeliveryStatus
    package var attempts: Int
    package var nextAttemptAt: Date
    package var createdAt: Date
    package var updatedAt: Date
    package var lastError: String?
    /// For a row created by a `*` fan-out: the row it was copied from.
    package var parentId: Int64?
    /// The gateway's id for an SMS it accepted (Twilio's `sid`), and the latest state its delivery
    /// receipts reported (`queued`, `sent`, `delivered`, `undelivered`, `failed`…) with when.
    package var providerMessageId: String?
    package var providerStatus: String?
    package var providerStatusAt: Date?

    /// What the modules behind the message are told when it will not be delivered
    /// (`KernelHost.deliveryFailures`): after `attempts`, the last failing for `lastError`.
    func failure(attempts: Int, lastError: String?, at: Date) -> DeliveryFailureRouter.Failure {
        DeliveryFailureRouter.Failure(
            messageId: messageId, channel: channel, destination: destination, event: event, urgency: urgency, reference: reference,
            attempts: attempts, lastError: lastError, at: at)
    }

    enum CodingKeys: String, CodingKey {
        case rowID = "id"
        case messageId, channel, destination, event, payload, urgency, reference, status, attempts
        case nextAttemptAt, createdAt, updatedAt, lastError, parentId, providerMessageId, providerStatus, providerStatusAt
    }

    package func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .rowID)
        try c.encode(messageId, forKey: .messageId)
        try c.encode(channel, forKey: .channel)
        try c.encode(destination, forKey: .destination)
        try c.encode(event, forKey: .event)
        try c.encode(payload, forKey: .payload)
        try c.encode(urgency, forKey: .urgency)
        try c.encodeIfPresent(reference, forKey: .reference)
        try c.encode(status, forKey: .status)
        try c.encode(attempts, forKey: .attempts)
        try c.encode(nextAttemptAt, forKey: .nextAttemptAt)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(updatedAt, forKey: .updatedAt)
        try c.encodeIfPresent(lastError, forKey: .lastError)
        try c.encodeIfPresent(parentId.map(String.init), forKey: .parentId)
        try c.encodeIfPresent(providerMessageId, forKey: .providerMessageId)
        try c.encodeIfPresent(providerStatus, forKey: .providerStatus)
        try c.encodeIfPresent(providerStatusAt, forKey: .providerStatusAt)
    }
}
