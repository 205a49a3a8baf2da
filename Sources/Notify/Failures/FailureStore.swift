import Foundation
import GRDB
import Kernel

/// Notify's record of failed deliveries (`notify_failure`: what the modules did with each dead
/// row) and the reads behind `notify.failures`.
///
/// Every function runs inside the caller's transaction, on one practice's rows.
enum FailureStore {
    /// Registers `notify_failure`.
    static func registerMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("notify.failures") { db in
            // One row per outbox row given up; replaced if it is retried and given up again.
            try db.create(table: "notify_failure") { t in
                t.primaryKey("outboxId", .integer).references("outbox", onDelete: .cascade)
                t.column("at", .double).notNull()
                t.column("handlings", .text).notNull() // JSON array of DeliveryFailureRouter.Handling
            }
        }
    }

    /// Offers a row just marked dead to the modules (`KernelHost.deliveryFailures`) and writes what
    /// they did. A listener that throws is undone alone (savepoint) and does not stop the row from
    /// being recorded dead; its error is returned for the log. Takes GRDB's connection because the
    /// router's listeners do.
    static func route(
        _ failure: DeliveryFailureRouter.Failure, rowID: Int64, router: DeliveryFailureRouter,
        practiceId: String, in db: any StoreConnection
    ) throws -> (handlings: [DeliveryFailureRouter.Handling], error: (any Error)?) {
        var handlings: [DeliveryFailureRouter.Handling] = []
        var failed: (any Error)?
        do {
            handlings = try db.savepoint { try router.route(failure, in: db) }
        } catch {
            failed = error
        }
        let json = String(decoding: try JSONEncoder().encode(handlings), as: UTF8.self)
        try db.run(
            """
            INSERT INTO notify_failure(practiceId, outboxId, at, handlings) VALUES (?, ?, ?, ?)
            ON CONFLICT(outboxId) DO UPDATE SET at = excluded.at, handlings = excluded.handlings
            """, [practiceId, rowID, failure.at.timeIntervalSince1970, json])
        return (handlings, failed)
    }

    /// What the modules did when row `rowID` was given up, if it ever was.
    static func handlings(_ rowID: Int64, practiceId: String, in db: any StoreConnection) throws -> [DeliveryFailureRouter.Handling]? {
        guard let json = try db.value(String.self, "SELECT handlings FROM notify_failure WHERE outboxId = ? AND practiceId = ?", [rowID, practiceId])
        else {
            return nil
        }
        return try JSONDecoder().decode([DeliveryFailureRouter.Handling].self, from: Data(json.utf8))
    }

    /// Rows of `channel` with `reference` still given up.
    static func deadCount(reference: String, channel: String, practiceId: String, in db: any StoreConnection) throws -> Int {
        try db.value(
            Int.self, "SELECT COUNT(*) FROM outbox WHERE practiceId = ? AND status = 'dead' AND reference = ? AND channel = ?",
            [practiceId, reference, channel]) ?? 0
    }

    /// Which failed rows to list.
    enum Filter: String, CaseIterable, Sendable {
        /// Given up.
        case dead
        /// Pending again after at least one failed attempt.
        case retrying
        case all
    }

    /// Failed rows, newest first, with ids below `before` (the previous page's cursor).
    static func list(_ filter: Filter, channel: String?, before: Int64?, limit: Int, practiceId: String, in db: any StoreConnection) throws
        -> [DeliveryFailureRecord]
    {
        var clauses = ["o.practiceId = ?"]
        var arguments: StoreArguments = [practiceId]
        switch filter {
        case .dead: clauses.append("o.status = 'dead'")
        case .retrying: clauses.append("(o.status = 'pending' AND o.attempts > 0 AND o.lastError IS NOT NULL)")
        case .all: clauses.append("(o.status = 'dead' OR (o.status = 'pending' AND o.attempts > 0 AND o.lastError IS NOT NULL))")
        }
        if let channel {
            clauses.append("o.channel = ?")
            arguments += [channel]
        }
        if let before {
            clauses.append("o.id < ?")
            arguments += [before]
        }
        arguments += [limit]
        return try db.rows(
            """
            SELECT o.*, f.handlings AS handlings FROM outbox o LEFT JOIN notify_failure f ON f.outboxId = o.id
            WHERE \(clauses.joined(separator: " AND ")) ORDER BY o.id DESC LIMIT ?
            """, arguments
        ).map(record(row:))
    }

    /// One row as `notify.failures` shows it.
    static func record(_ rowID: Int64, practiceId: String, in db: any StoreConnection) throws -> DeliveryFailureRecord? {
        try db.row(
            """
            SELECT o.*, f.handlings AS handlings FROM outbox o LEFT JOIN notify_failure f ON f.outboxId = o.id
            WHERE o.id = ? AND o.practiceId = ?
            """, [rowID, practiceId]
        ).map(record(row:))
    }

    private static func record(row: StoreRow) -> DeliveryFailureRecord {
        let message = OutboxMessage(row: row)
        // What the modules did applies to the row's last death, not to a retry in progress.
        let text: String? = message.status == .dead ? row["handlings"] : nil
        let handlings = text.flatMap { try? JSONDecoder().decode([DeliveryFailureRouter.Handling].self, from: Data($0.utf8)) } ?? []
        return DeliveryFailureRecord(message, handlings: handlings)
    }
}
