package import Foundation
package import GRDB
import JSONRPC
import Kernel

/// The numbers that replied STOP to a patient SMS (`notify_optout`): one row per practice and number.
///
/// Every function runs inside the caller's transaction, on one practice's list.
package enum OptOutStore {
    /// Registers `notify_optout`.
    package static func registerMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("notify.optout") { db in
            try db.create(table: "notify_optout") { t in
                t.column("phone", .text).primaryKey()
                t.column("optedOutAt", .double).notNull()
                t.column("source", .text).notNull()
            }
        }
        // One list per practice: a STOP sent to one practice does not silence another's messages.
        migrator.registerMigration("notify.optout.v2-practice") { db in
            try PracticeColumn.add(to: "notify_optout", in: db)
            try NotifyPracticeMigration.rebuild(
                "notify_optout", columns: "practiceId, phone, optedOutAt, source",
                definition: "practiceId TEXT NOT NULL, phone TEXT NOT NULL, optedOutAt REAL NOT NULL, source TEXT NOT NULL, PRIMARY KEY(practiceId, phone)",
                in: db)
        }
    }

    static func isOptedOut(_ phone: String, practiceId: String, in db: any StoreConnection) throws -> Bool {
        try db.value(Bool.self, "SELECT EXISTS(SELECT 1 FROM notify_optout WHERE practiceId = ? AND phone = ?)", [practiceId, phone], cached: true)
            ?? false
    }

    static func insert(_ phone: String, source: String, practiceId: String, at now: Date, in db: any StoreConnection) throws {
        try db.run(
            "INSERT INTO notify_optout(practiceId, phone, optedOutAt, source) VALUES (?, ?, ?, ?) ON CONFLICT(practiceId, phone) DO NOTHING",
            [practiceId, phone, now.timeIntervalSince1970, source])
    }

    /// Removes `phone` from the practice's list; returns whether it was on it.
    static func delete(_ phone: String, practiceId: String, in db: any StoreConnection) throws -> Bool {
        try db.run("DELETE FROM notify_optout WHERE practiceId = ? AND phone = ?", [practiceId, phone])
        return db.changedRows > 0
    }

    /// One page of the practice's list, by phone, after `after`.
    static func list(after: String?, limit: Int, practiceId: String, in db: any StoreConnection) throws -> [OptOut] {
        try db.rows(
            "SELECT * FROM notify_optout WHERE practiceId = ?3 AND (phone > ?1 OR ?1 IS NULL) ORDER BY phone LIMIT ?2", [after, limit, practiceId]
        ).map(OptOut.init(row:))
    }
}

/// A number on the opt-out list.
package struct OptOut: Sendable, Codable, Equatable {
    package var phone: String
    package var optedOutAt: Date
    /// Who recorded it: `agenda` for a STOP reply to a reminder or an offer.
    package var source: String

    init(row: StoreRow) {
        phone = row["phone"]
        optedOutAt = Date(timeIntervalSince1970: row["optedOutAt"])
        source = row["source"]
    }

    static let schema = Schema.object([
        required("phone", .string, "E.164"), required("optedOutAt", .instant), required("source", .string, "agenda: a STOP reply")
    ])
}
