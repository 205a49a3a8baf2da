package import Foundation
import JSONRPC
package import Kernel

/// One notification that failed, as `notify.failures` lists it and `notify.failed` announces it:
/// where it was going, why it failed, and which module took the promise behind it over.
///
/// Never carries the payload (the SMS text, the webhook body): a secretary may read this, and
/// `notify.get` (staff) shows the rest.
package struct DeliveryFailureRecord: Sendable, Encodable, Equatable {
    /// The outbox row id (a string on the wire).
    package var id: String
    package var messageId: String
    package var channel: String
    /// The phone number (E.164) or webhook endpoint id.
    package var destination: String
    package var event: String
    package var urgency: Outbox.Urgency
    package var reference: String?
    /// `dead` (given up) or `pending` (still retrying after failed attempts).
    package var status: DeliveryStatus
    package var attempts: Int
    /// Why the last attempt failed, without the receiver's response body.
    package var lastError: String?
    package var createdAt: Date
    /// When it was given up, or when its last attempt failed.
    package var failedAt: Date
    /// For a row still retrying: its next attempt.
    package var nextAttemptAt: Date?
    /// What the modules did when it was given up (a queue item, an incident); empty when nobody took
    /// it over, or while it is still retrying.
    package var handledBy: [DeliveryFailureRouter.Handling]

    /// The record of an outbox row (as `OutboxMessage` reads it) and of what the modules did with it.
    init(_ message: OutboxMessage, handlings: [DeliveryFailureRouter.Handling]) {
        id = message.id
        messageId = message.messageId
        channel = message.channel
        destination = message.destination
        event = message.event
        urgency = message.urgency
        reference = message.reference
        status = message.status
        attempts = message.attempts
        lastError = Self.withoutBody(message.lastError)
        createdAt = message.createdAt
        failedAt = message.updatedAt
        nextAttemptAt = status == .pending ? message.nextAttemptAt : nil
        handledBy = handlings
    }

    /// `HTTP 503: <what the gateway answered>` → `HTTP 503`: a receiver's body may echo the payload.
    static func withoutBody(_ text: String?) -> String? {
        guard let text else { return nil }
        guard text.hasPrefix("HTTP "), let colon = text.firstIndex(of: ":") else { return text }
        return String(text[..<colon])
    }

    static let schema = Schema.object([
        required("id", .string, "outbox row id (notify.get)"), required("messageId", .string), required("channel", .oneOf(["sms", "webhook"])),
        required("destination", .string, "phone number (E.164) or webhook endpoint id"), required("event", .string),
        required("urgency", .oneOf(["urgent", "normal"])), optional("reference", .string),
        required("status", .oneOf(["dead", "pending"])), required("attempts", .integer), optional("lastError", .string),
        required("createdAt", .instant), required("failedAt", .instant), optional("nextAttemptAt", .instant),
        required(
            "handledBy",
            .array(
                .object([
                    required("handledBy", .string, "the module that took the promise over"), optional("reference", .string), required("summary", .string)
                ])))
    ])
}
