import Foundation

/// The payload of `notify.delivered`, `notify.deadLettered` and `notify.endpointDisabled` events.
package struct DeliveryEvent: Sendable, Codable, Equatable {
    package var id: String
    package var messageId: String
    package var channel: String
    package var destination: String
    package var event: String
    package var reference: String?
    package var attempts: Int
    /// Why it was dead-lettered (or why the endpoint was disabled); nil for `notify.delivered`.
    package var reason: String?

    package init(_ message: OutboxMessage, attempts: Int, reason: String?) {
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
