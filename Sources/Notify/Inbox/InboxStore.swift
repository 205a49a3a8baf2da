import Foundation
import GRDB
import Kernel

/// Notify's inbox of unhandled inbound SMS (`notify_inbox`).
///
/// Every function runs inside the caller's transaction, on one practice's items.
enum InboxStore {
    /// Registers `notify_inbox`.
    static func registerMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("notify.inbox") { db in
            try db.create(table: "notify_inbox") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("sender", .text).notNull()
                t.column("text", .text).notNull()
                t.column("receivedAt", .double).notNull()
                t.column("createdAt", .double).notNull()
                t.column("status", .text).notNull().defaults(to: "open")
                t.column("doneAt", .double)
                t.column("doneBy", .text)
                t.column("note", .text)
            }
            try db.create(index: "notify_inbox_status", on: "notify_inbox", columns: ["status", "id"])
        }
    }

    /// Writes an open inbox item; returns it (as `RETURNING` gives it back: the row id is the engine's).
    static func insert(from: String, text: String, receivedAt: Date, now: Date, practiceId: String, in db: any StoreConnection) throws -> InboxItem {
        // `rows`, not `row`: the statement runs to its end before the transaction goes on.
        let rows = try db.rows(
            "INSERT INTO notify_inbox(practiceId, sender, text, receivedAt, createdAt, status) VALUES (?, ?, ?, ?, ?, 'open') RETURNING *",
            [practiceId, from, text, receivedAt.timeIntervalSince1970, now.timeIntervalSince1970])
        return InboxItem(row: rows[0])
    }

    /// The practice's item with this id, nil when none.
    static func item(_ id: Int64, practiceId: String, in db: any StoreConnection) throws -> InboxItem? {
        try db.row("SELECT * FROM notify_inbox WHERE id = ? AND practiceId = ?", [id, practiceId]).map(InboxItem.init(row:))
    }

    /// The practice's items newest first, with ids below `before` (the previous page's cursor); `status` nil for all.
    static func list(status: InboxItem.Status?, before: Int64?, limit: Int, practiceId: String, in db: any StoreConnection) throws -> [InboxItem] {
        var clauses = ["practiceId = ?"]
        var arguments: StoreArguments = [practiceId]
        if let status {
            clauses.append("status = ?")
            arguments += [status.rawValue]
        }
        if let before {
            clauses.append("id < ?")
            arguments += [before]
        }
        arguments += [limit]
        let filter = "WHERE " + clauses.joined(separator: " AND ")
        return try db.rows("SELECT * FROM notify_inbox \(filter) ORDER BY id DESC LIMIT ?", arguments).map(InboxItem.init(row:))
    }

    /// Marks an item done, by whom, with an optional note.
    static func markDone(_ id: Int64, by actor: String, note: String?, now: Date, practiceId: String, in db: any StoreConnection) throws {
        try db.run(
            "UPDATE notify_inbox SET status = 'done', doneAt = ?, doneBy = ?, note = ? WHERE id = ? AND practiceId = ?",
            [now.timeIntervalSince1970, actor, note, id, practiceId])
    }
}
