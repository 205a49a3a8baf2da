import Foundation
import GRDB
import Kernel

extension MessagingStore {
    /// Registers `messaging.v5-usage`: the messages of a practice by the time they were taken, for `usage.report`.
    static func migrateUsage(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("messaging.v5-usage") { db in
            try db.create(index: "messaging_message_practice_takenAt", on: "messaging_message", columns: ["practiceId", "takenAt"])
        }
    }

    /// Per practice of `practiceIds`: the messages taken within `[from, to)` by a secretary, those
    /// another module queued (with a `messaging_origin` row: a callback an SMS reply asked for, an
    /// undelivered alert) left out; reads `messaging_message_practice_takenAt`.
    static func usage(practiceIds: [String], from: Date, to: Date, in db: any StoreConnection) throws -> [String: UsageCounts] {
        var out: [String: UsageCounts] = [:]
        try db.forEachRow(
            """
            SELECT m.practiceId, COUNT(*) FROM messaging_message m
            WHERE m.practiceId IN \(PersonalDataRows.placeholders(practiceIds.count)) AND m.takenAt >= ? AND m.takenAt < ?
              AND NOT EXISTS (SELECT 1 FROM messaging_origin o WHERE o.messageId = m.id)
            GROUP BY m.practiceId
            """, StoreArguments(practiceIds) + [from.timeIntervalSince1970, to.timeIntervalSince1970], cached: false
        ) { row in
            var counts = UsageCounts()
            counts.messagesTaken = row[1]
            out[row[0]] = counts
            return true
        }
        return out
    }
}
