import Foundation

/// The payload of `notify.delivered`, `notify.deadLettered` and `notify.endpointDisabled` events.
public struct DeliveryEvent: Sendable, Codable, Equatable {
    public var id: String
    public var messageId: String
    public var channel: String
    public var destination: String
    public var event: String
    public var reference: String?
    public var attempts: Int
    /// Why it was dead-lettered (or why the endpoint was disabled); nil for `notify.delivered`.
    public var reason: String?

    public init(_ message: OutboxMessage, attempts: Int, reason: String?) {
        id = message.id
        messageId = message.messageId
        channel = message.channel
        destination = message.destination
        event = message.event
        reference = message.reference
        self.attempts = attempts
        self.reason = reason
    }
}
