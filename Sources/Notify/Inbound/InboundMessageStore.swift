import Foundation
import GRDB
import JSONRPC
import Kernel

/// The gateways' inbound messages already taken in (`notify_inbound_message`), by gateway and the
/// gateway's message id: a webhook retried by the gateway is acknowledged and not handled twice.
/// Every field the gateway sent is kept, as a JSON array of `[name, value]` pairs.
enum InboundMessageStore {
    /// Registers `notify_inbound_message`.
    static func registerMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("notify.inboundMessage") { db in
            try db.create(table: "notify_inbound_message") { t in
                t.column("gateway", .text).notNull()
                t.column("messageId", .text).notNull()
                t.column("sender", .text).notNull()
                t.column("fields", .text).notNull()
                t.column("receivedAt", .double).notNull()
                t.column("handledBy", .text)
                t.column("inboxId", .text)
                t.primaryKey(["gateway", "messageId"])
            }
        }
    }

    /// Records the message unless it is already there; false when it was (a retry).
    static func claim(gateway: String, messageId: String, sender: String, fields: [(name: String, value: String)],
                      receivedAt: Date, in db: Database) throws -> Bool {
        let json = JSONWriter.string(.array(fields.map { .array([.string($0.name), .string($0.value)]) }))
        try db.execute(sql: """
            INSERT OR IGNORE INTO notify_inbound_message(gateway, messageId, sender, fields, receivedAt) VALUES (?, ?, ?, ?, ?)
            """, arguments: [gateway, messageId, sender, json, receivedAt.timeIntervalSince1970])
        return db.changesCount > 0
    }

    /// Whether the message is already recorded (taken in, or being taken in).
    static func contains(gateway: String, messageId: String, in db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT 1 FROM notify_inbound_message WHERE gateway = ? AND messageId = ?",
                          arguments: [gateway, messageId]) ?? false
    }

    /// Says what became of a claimed message.
    static func record(gateway: String, messageId: String, handledBy: String?, inboxId: String?, in db: Database) throws {
        try db.execute(sql: "UPDATE notify_inbound_message SET handledBy = ?, inboxId = ? WHERE gateway = ? AND messageId = ?",
                       arguments: [handledBy, inboxId, gateway, messageId])
    }

    /// Gives a claim back when handling failed, so that the gateway's retry is handled.
    static func release(gateway: String, messageId: String, in db: Database) throws {
        try db.execute(sql: "DELETE FROM notify_inbound_message WHERE gateway = ? AND messageId = ?", arguments: [gateway, messageId])
    }
}
