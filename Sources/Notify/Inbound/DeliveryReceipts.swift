import Foundation
import GRDB
import Kernel

/// What SMS gateways report after accepting a message (Twilio's status callbacks), kept on its
/// outbox row: the gateway's id for it and the latest state.
///
/// Callbacks may arrive out of order (`sent` after `delivered`): a state never replaces a later
/// one. An urgent SMS reported `undelivered` or `failed` is offered to the modules behind it
/// (`KernelHost.deliveryFailures`, as a dead row is): Escalation moves the chain on at once.
enum DeliveryReceipts {
    static func registerMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("notify.smsReceipts") { db in
            try db.alter(table: "outbox") { t in
                t.add(column: "providerMessageId", .text)
                t.add(column: "providerStatus", .text)
                t.add(column: "providerStatusAt", .double)
            }
            try db.create(index: "outbox_provider_message", on: "outbox", columns: ["providerMessageId"])
        }
    }

    /// Order of Twilio's message states; the final ones share the top rank.
    static func rank(_ status: String) -> Int {
        switch status {
        case "accepted", "scheduled": return 0
        case "queued": return 1
        case "sending": return 2
        case "sent": return 3
        case "delivered", "undelivered", "failed", "canceled": return 4
        case "read": return 5
        default: return -1
        }
    }

    static func isFailure(_ status: String) -> Bool { status == "undelivered" || status == "failed" }

    /// Records `status` for the row whose gateway id is `providerMessageId` unless it already has a
    /// later state; returns the row as it is now (nil when no row has that id) and whether it changed.
    /// Only the practice's rows are looked at: a receipt naming another practice's message finds nothing.
    static func record(
        _ status: String, providerMessageId: String, at now: Date, practiceId: String, in db: any StoreConnection
    ) throws -> (OutboxMessage, changed: Bool)? {
        guard let message = try OutboxStore.message(providerMessageId: providerMessageId, practiceId: practiceId, in: db) else { return nil }
        if let current = message.providerStatus, rank(current) >= rank(status) { return (message, false) }
        try OutboxStore.setProviderStatus(status, at: now, rowID: message.rowID, practiceId: practiceId, in: db)
        return (try OutboxStore.message(rowID: message.rowID, practiceId: practiceId, in: db)!, true)
    }
}
