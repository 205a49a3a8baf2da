import Foundation
import Kernel

extension Message {
    /// The module and thing behind a queue item another module put in the queue through the
    /// `CallbackDesk`: `escalation` and a triage session or incident id, `notify` and an outbox
    /// message id. Stored in `messaging_origin`, one row per such message.
    package struct Origin: Sendable, Codable, Equatable {
        package var source: String
        package var reference: String
    }

    /// Fills `origin` and `sms` (the latest SMS queued for each message of the practice) in two queries.
    static func fillDetails(_ messages: inout [Message], practiceId: String, in db: any StoreConnection) throws {
        guard !messages.isEmpty else { return }
        let ids = messages.map(\.id)
        let origins = try MessagingStore.origins(of: ids, practiceId: practiceId, in: db)
        let sms = try Outbox.deliveries(references: ids, channel: "sms", in: db)
        for i in messages.indices {
            messages[i].origin = origins[messages[i].id]
            messages[i].sms = sms[messages[i].id]?.last?.state
        }
    }

    /// One message of the practice with its details; -32004 when the practice has none with this id.
    static func fetchDetailed(_ id: String, practiceId: String, in db: any StoreConnection, now: Date) throws -> Message {
        var one = [try MessagingStore.message(id, practiceId: practiceId, now: now, in: db)]
        try fillDetails(&one, practiceId: practiceId, in: db)
        return one[0]
    }
}
