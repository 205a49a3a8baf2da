import Foundation
import GRDB
import Kernel

extension OutboxStore {
    /// Registers `notify.v3-usage`: the delivered rows of a practice by channel and delivery time,
    /// for `usage.report`. A partial index: a row enters it once, when delivered, so the delivery
    /// worker's hot updates of pending rows do not maintain it. Registered after `notify.v2-practice`.
    static func migrateUsage(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("notify.v3-usage") { db in
            try db.execute(sql: "CREATE INDEX outbox_delivered ON outbox(practiceId, channel, updatedAt) WHERE status = 'delivered'")
        }
    }

    /// Per practice of `practiceIds`: the SMS the gateway accepted within `[from, to)` with their
    /// segments (the payload as sent, measured as ``SMSText`` measures it), and the webhook calls an
    /// endpoint accepted (one per endpoint a `*` webhook was fanned out to). A delivered row's
    /// `updatedAt` is its delivery time. Reads `outbox_delivered`.
    static func usage(practiceIds: [String], from: Date, to: Date, in db: any StoreConnection) throws -> [String: UsageCounts] {
        let inPool = "practiceId IN \(PersonalDataRows.placeholders(practiceIds.count))"
        let arguments = StoreArguments(practiceIds) + [from.timeIntervalSince1970, to.timeIntervalSince1970]
        var out: [String: UsageCounts] = [:]
        try db.forEachRow(
            """
            SELECT practiceId, payload FROM outbox
            WHERE \(inPool) AND channel = 'sms' AND status = 'delivered' AND updatedAt >= ? AND updatedAt < ?
            """, arguments, cached: false
        ) { row in
            let payload: String = row[1]
            let segments = SMSText.measure(payload, encoding: GSM7.canEncode(payload) ? .gsm7 : .ucs2).segments
            out[row[0], default: UsageCounts()].smsSent += 1
            out[row[0], default: UsageCounts()].smsSegments += segments
            return true
        }
        try db.forEachRow(
            """
            SELECT practiceId, COUNT(*) FROM outbox
            WHERE \(inPool) AND channel = 'webhook' AND status = 'delivered' AND updatedAt >= ? AND updatedAt < ?
            GROUP BY practiceId
            """, arguments, cached: false
        ) { row in
            out[row[0], default: UsageCounts()].webhooksDelivered = row[1]
            return true
        }
        return out
    }
}
