import GRDB
import Kernel

/// Notify's migration to tables whose rows carry their practice (`notify.v2-practice`): every
/// table gets `practiceId` (existing rows: the database's owner, see `PracticeColumn`), and the
/// keys that must not collide across practices include it: a webhook endpoint id, a gateway's
/// message id are unique within a practice only. Registered after Notify's other migrations. The
/// opt-out list has its own (`OptOutStore`, `notify.optout.v2-practice`): modules that text
/// patients in tests install it alone.
enum NotifyPracticeMigration {
    static func register(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("notify.v2-practice") { db in
            for table in ["notify_endpoint", "notify_failure", "notify_inbox", "notify_inbound_message"] {
                try PracticeColumn.add(to: table, in: db)
            }
            // Keys with the practice first: SQLite cannot change a primary key, so the tables are rebuilt.
            try rebuild(
                "notify_endpoint", columns: "practiceId, id, disabledAt, reason",
                definition: "practiceId TEXT NOT NULL, id TEXT NOT NULL, disabledAt REAL, reason TEXT, PRIMARY KEY(practiceId, id)", in: db)
            try rebuild(
                "notify_inbound_message", columns: "practiceId, gateway, messageId, sender, fields, receivedAt, handledBy, inboxId, claimedBy",
                definition: """
                    practiceId TEXT NOT NULL, gateway TEXT NOT NULL, messageId TEXT NOT NULL, sender TEXT NOT NULL, fields TEXT NOT NULL,
                    receivedAt REAL NOT NULL, handledBy TEXT, inboxId TEXT, claimedBy TEXT, PRIMARY KEY(practiceId, gateway, messageId)
                    """, in: db)
            try db.execute(sql: "DROP INDEX notify_inbox_status")
            try db.execute(sql: "CREATE INDEX notify_inbox_status ON notify_inbox(practiceId, status, id)")
            try db.execute(sql: "DROP INDEX outbox_provider_message")
            try db.execute(sql: "CREATE INDEX outbox_provider_message ON outbox(practiceId, providerMessageId)")
        }
    }

    /// Rebuilds `table` as `definition`, keeping `columns` of every row.
    static func rebuild(_ table: String, columns: String, definition: String, in db: Database) throws {
        try db.execute(sql: "CREATE TABLE \(table)_new(\(definition))")
        try db.execute(sql: "INSERT INTO \(table)_new(\(columns)) SELECT \(columns) FROM \(table)")
        try db.execute(sql: "DROP TABLE \(table)")
        try db.execute(sql: "ALTER TABLE \(table)_new RENAME TO \(table)")
    }
}
