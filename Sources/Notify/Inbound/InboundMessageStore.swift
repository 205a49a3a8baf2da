import Foundation
import GRDB
import JSONRPC
import Kernel

/// The gateways' inbound messages already taken in (`notify_inbound_message`), by practice, gateway
/// and the gateway's message id: a webhook retried by the gateway is acknowledged and not handled twice.
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
        // The process run that claimed a message: a claim left unfinished by a run that stopped
        // (a crash between the claim and its outcome) does not turn the gateway's retry away.
        migrator.registerMigration("notify.inboundMessage.claimedBy") { db in
            try db.alter(table: "notify_inbound_message") { t in t.add(column: "claimedBy", .text) }
        }
    }

    /// Records the message for `run` unless it is already there; false when it was (a retry). A
    /// claim another run left without an outcome (that run stopped while handling it) is taken over:
    /// the gateway retries what it was not acknowledged, and that retry must be handled.
    static func claim(
        gateway: String, messageId: String, sender: String, fields: [(name: String, value: String)],
        receivedAt: Date, run: String, practiceId: String, in db: any StoreConnection
    ) throws -> Bool {
        let json = JSONWriter.string(.array(fields.map { .array([.string($0.name), .string($0.value)]) }))
        try db.run(
            """
            INSERT INTO notify_inbound_message(practiceId, gateway, messageId, sender, fields, receivedAt, claimedBy)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(practiceId, gateway, messageId) DO UPDATE SET
                sender = excluded.sender, fields = excluded.fields, receivedAt = excluded.receivedAt, claimedBy = excluded.claimedBy
            WHERE notify_inbound_message.handledBy IS NULL AND notify_inbound_message.inboxId IS NULL
              AND (notify_inbound_message.claimedBy IS NULL OR notify_inbound_message.claimedBy != excluded.claimedBy)
            """, [practiceId, gateway, messageId, sender, json, receivedAt.timeIntervalSince1970, run])
        return db.changedRows > 0
    }

    /// Whether the message is taken in, or being taken in by `run` (a claim another run left
    /// unfinished does not count: see `claim`).
    static func contains(gateway: String, messageId: String, run: String, practiceId: String, in db: any StoreConnection) throws -> Bool {
        try db.value(
            Bool.self,
            """
            SELECT 1 FROM notify_inbound_message WHERE practiceId = ? AND gateway = ? AND messageId = ?
              AND NOT (handledBy IS NULL AND inboxId IS NULL AND (claimedBy IS NULL OR claimedBy != ?))
            """, [practiceId, gateway, messageId, run]) ?? false
    }

    /// Says what became of a claimed message.
    static func record(gateway: String, messageId: String, handledBy: String?, inboxId: String?, practiceId: String, in db: any StoreConnection) throws {
        try db.run(
            "UPDATE notify_inbound_message SET handledBy = ?, inboxId = ? WHERE practiceId = ? AND gateway = ? AND messageId = ?",
            [handledBy, inboxId, practiceId, gateway, messageId])
    }

    /// Gives a claim back when handling failed, so that the gateway's retry is handled.
    static func release(gateway: String, messageId: String, practiceId: String, in db: any StoreConnection) throws {
        try db.run("DELETE FROM notify_inbound_message WHERE practiceId = ? AND gateway = ? AND messageId = ?", [practiceId, gateway, messageId])
    }
}
