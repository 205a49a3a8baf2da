import Foundation
import GRDB
import Kernel

extension AgendaStore {
    /// Registers `agenda.v5-usage`: a practice's appointments by the time they were booked, for
    /// `usage.report`. Registered after `agenda.v4-practice`.
    static func migrateUsage(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("agenda.v5-usage") { db in
            try db.create(index: "agenda_appointment_practice_createdAt", on: "agenda_appointment", columns: ["practiceId", "createdAt"])
        }
    }

    /// Per practice of `practiceIds`: the appointments booked within `[from, to)`, by booking time
    /// (not by when they take place), whatever became of them since (cancelled ones included); the
    /// appointment a move creates is not a booking of its own. Reads `agenda_appointment_practice_createdAt`.
    static func usage(practiceIds: [String], from: Date, to: Date, in db: any StoreConnection) throws -> [String: UsageCounts] {
        var out: [String: UsageCounts] = [:]
        try db.forEachRow(
            """
            SELECT practiceId, COUNT(*) FROM agenda_appointment
            WHERE practiceId IN \(PersonalDataRows.placeholders(practiceIds.count)) AND createdAt >= ? AND createdAt < ?
              AND rescheduledFrom IS NULL
            GROUP BY practiceId
            """, StoreArguments(practiceIds) + [from.timeIntervalSince1970, to.timeIntervalSince1970], cached: false
        ) { row in
            var counts = UsageCounts()
            counts.appointmentsBooked = row[1]
            out[row[0]] = counts
            return true
        }
        return out
    }
}
