package import Foundation
package import JSONRPC

/// The transactional outbox: a notification written in the same transaction as the change that causes it.
///
/// A module calls `Outbox.enqueue(_:in:)` inside its write; the row commits or rolls back with the
/// change, so a crash loses neither. The delivery worker (module `Notify`) is woken after the commit
/// by the host's `outboxSignal`.
package enum Outbox {
    /// How fast a notification must go out; selects the retry schedule.
    package enum Urgency: String, Codable, Sendable { case urgent, normal }

    /// One notification to deliver.
    package struct Item: Sendable, Equatable {
        /// `sms` or `webhook`.
        package var channel: String
        /// A phone number in E.164 for `sms`; a webhook endpoint id for `webhook`.
        package var destination: String
        /// The event name (`messaging.received`) for webhooks; a label for SMS.
        package var event: String
        /// The SMS text, or the webhook's JSON body.
        package var payload: String
        package var urgency: Urgency
        /// A reference the sender uses to find the row again (incident id, message id…).
        package var reference: String?

        package init(channel: String, destination: String, event: String, payload: String, urgency: Urgency, reference: String? = nil) {
            self.channel = channel
            self.destination = destination
            self.event = event
            self.payload = payload
            self.urgency = urgency
            self.reference = reference
        }

        /// A webhook to every endpoint subscribed to `event`, with the body every module sends:
        /// `{"type": event, "timestamp": now in the practice's zone, "data": data}`.
        package static func webhook(
            _ event: String, data: JSONValue, at now: Date, timeZone: TimeZone,
            urgency: Urgency = .normal, reference: String? = nil
        ) -> Item {
            Item(
                channel: "webhook", destination: "*", event: event,
                payload: JSONWriter.string(["type": .string(event), "timestamp": .string(RFC3339.format(now, in: timeZone)), "data": data]),
                urgency: urgency, reference: reference)
        }
    }

    /// Writes `item` for `practiceId` (the practice the request acts for: `ctx.practiceId`, or
    /// `host.practiceId` in background work) in the caller's transaction; returns its row id. Only
    /// that practice's delivery worker sends it; it is woken on commit (`KernelHost.outboxSignal`).
    @discardableResult
    package static func enqueue(_ item: Item, practiceId: String, in db: any StoreConnection, now: Date) throws -> Int64 {
        let messageId = RandomIdentifier.make("msg_")
        return try KernelStore.insertOutbox(item, messageId: messageId, practiceId: practiceId, at: now, in: db)
    }

    /// Counts by status of one practice's rows, for `kernel.status`, `/readyz` and `/metrics`.
    package static func backlog(practiceId: String, in db: any StoreConnection) throws -> [String: Int] {
        try KernelStore.outboxBacklog(practiceId: practiceId, in: db)
    }
}
