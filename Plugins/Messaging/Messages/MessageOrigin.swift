import Foundation
import GRDB
import Kernel

extension Message {
    /// The module and thing behind a queue item another module put in the queue through the
    /// `CallbackDesk`: `escalation` and a triage session or incident id, `notify` and an outbox
    /// message id. Stored in `messaging_origin`, one row per such message.
    public struct Origin: Sendable, Codable, Equatable {
        public var source: String
        public var reference: String
    }

    static func migrateOrigins(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("messaging.v3-origin") { db in
            try db.create(table: "messaging_origin") { t in
                t.column("messageId", .text).primaryKey().references("messaging_message", onDelete: .cascade)
                t.column("source", .text).notNull()
                t.column("reference", .text).notNull().indexed()
            }
        }
    }

    static func insertOrigin(_ origin: Origin, messageId: String, in db: Database) throws {
        try db.execute(sql: "INSERT INTO messaging_origin(messageId, source, reference) VALUES (?, ?, ?)",
                       arguments: [messageId, origin.source, origin.reference])
    }

    /// Fills `origin` and `sms` (the latest SMS queued for each message) in two queries.
    static func fillDetails(_ messages: inout [Message], in db: Database) throws {
        guard !messages.isEmpty else { return }
        let ids = messages.map(\.id)
        var origins: [String: Origin] = [:]
        for start in stride(from: 0, to: ids.count, by: 900) {
            let chunk = Array(ids[start..<min(start + 900, ids.count)])
            let marks = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
            for row in try Row.fetchAll(db, sql: "SELECT messageId, source, reference FROM messaging_origin WHERE messageId IN (\(marks))",
                                        arguments: StatementArguments(chunk)) {
                origins[row["messageId"]] = Origin(source: row["source"], reference: row["reference"])
            }
        }
        let sms = try Outbox.deliveries(references: ids, channel: "sms", in: db)
        for i in messages.indices {
            messages[i].origin = origins[messages[i].id]
            messages[i].sms = sms[messages[i].id]?.last?.state
        }
    }

    /// One message with its details.
    static func fetchDetailed(_ id: String, in db: Database, now: Date) throws -> Message {
        var one = [try fetch(id, in: db, now: now)]
        try fillDetails(&one, in: db)
        return one[0]
    }
}
