import Foundation
import GRDB
import Kernel

/// Notify's reads and writes of the kernel's `outbox` tables, plus its own `notify_endpoint` table.
///
/// Every function runs inside the caller's transaction (`host.store.write { db in … }`) and reads
/// or writes the rows of one practice (`practiceId`) only: a row of another practice is not found.
enum OutboxStore {
    /// Registers `notify_endpoint` and the outbox's `parentId` column.
    static func registerMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("notify.endpoints") { db in
            // An endpoint is disabled when it answered 410 Gone; `notify.enableEndpoint` clears it.
            try db.create(table: "notify_endpoint") { t in
                t.primaryKey("id", .text)
                t.column("disabledAt", .double)
                t.column("reason", .text)
            }
            // The row a `*` webhook was fanned out from.
            try db.alter(table: "outbox") { t in t.add(column: "parentId", .integer) }
        }
        migrator.registerMigration("notify.outbox-lease") { db in
            // Who holds an in-flight row, and until when (`claimDue`): a lease that ran out is taken back.
            try db.alter(table: "outbox") { t in
                t.add(column: "leasedBy", .text)
                t.add(column: "leaseUntil", .double)
            }
        }
    }

    /// Whether a delivery of the practice was left in flight by `node` (it stopped or died during it),
    /// or by a worker from before leases.
    static func hasInflight(_ db: any StoreConnection, practiceId: String, node: String) throws -> Bool {
        try db.value(
            Bool.self,
            "SELECT EXISTS (SELECT 1 FROM outbox WHERE practiceId = ? AND status = 'inflight' AND (leasedBy = ? OR leasedBy IS NULL))",
            [practiceId, node]) ?? false
    }

    /// Puts back to pending the practice's rows that `node` (or a worker from before leases) left in
    /// flight, when it stopped or died (at-least-once). Other nodes' rows wait for their lease to run out.
    @discardableResult
    static func recoverInflight(_ db: any StoreConnection, practiceId: String, node: String, now: Date) throws -> Int {
        try db.run(
            """
            UPDATE outbox SET status = 'pending', leasedBy = NULL, leaseUntil = NULL, updatedAt = ?
            WHERE practiceId = ? AND status = 'inflight' AND (leasedBy = ? OR leasedBy IS NULL)
            """, [now.timeIntervalSince1970, practiceId, node], cached: true)
        return db.changedRows
    }

    /// Fans out the practice's due `*` webhooks, then marks up to `limit` of its due rows in flight
    /// under `node`'s lease until `leaseUntil` and returns them, urgent ones first, then in due order.
    ///
    /// Rows in flight whose lease ran out (their node died or hung) are due again first. On a
    /// server, rows are taken `FOR UPDATE SKIP LOCKED`: nodes claiming together take different rows.
    static func claimDue(
        _ db: any StoreConnection, practiceId: String, now: Date, limit: Int, endpoints: [WebhookEndpoint], disabled: Set<String>,
        node: String, leaseUntil: Date
    ) throws -> [OutboxMessage] {
        let t = now.timeIntervalSince1970
        let skipLocked = db.engine == .postgresql ? " FOR UPDATE SKIP LOCKED" : ""
        try db.run(
            """
            UPDATE outbox SET status = 'pending', leasedBy = NULL, leaseUntil = NULL, updatedAt = ?1
            WHERE practiceId = ?2 AND status = 'inflight' AND leaseUntil <= ?1
            """, [t, practiceId], cached: true)
        let broadcasts = try db.rows(
            """
            SELECT * FROM outbox WHERE practiceId = ? AND status = 'pending' AND nextAttemptAt <= ?
              AND channel = 'webhook' AND destination = '*'\(skipLocked)
            """, [practiceId, t], cached: true
        ).map(OutboxMessage.init(row:))
        for parent in broadcasts {
            try fanOut(parent, practiceId: practiceId, in: db, now: now, endpoints: endpoints.filter { !disabled.contains($0.id) })
        }
        let rows = try db.rows(
            """
            SELECT * FROM outbox WHERE practiceId = ? AND status = 'pending' AND nextAttemptAt <= ?
              AND NOT (channel = 'webhook' AND destination = '*')
            ORDER BY (urgency = 'urgent') DESC, nextAttemptAt, id LIMIT ?\(skipLocked)
            """, [practiceId, t, limit], cached: true
        ).map(OutboxMessage.init(row:))
        guard !rows.isEmpty else { return [] }
        let ids = rows.map { String($0.rowID) }.joined(separator: ",")
        try db.run(
            "UPDATE outbox SET status = 'inflight', leasedBy = ?, leaseUntil = ?, updatedAt = ? WHERE practiceId = ? AND id IN (\(ids))",
            [node, leaseUntil.timeIntervalSince1970, t, practiceId])
        return rows.map {
            var m = $0
            m.status = .inflight
            return m
        }
    }

    /// One row per endpoint whose filter accepts the event, each with its own `webhook-id`; the
    /// parent becomes `fannedOut`. All in the caller's transaction; the rows are the practice's.
    static func fanOut(_ parent: OutboxMessage, practiceId: String, in db: any StoreConnection, now: Date, endpoints: [WebhookEndpoint]) throws {
        let targets = endpoints.filter { $0.accepts(event: parent.event) }
        let t = now.timeIntervalSince1970
        if !targets.isEmpty { db.announce(.outboxInserted(practiceId: practiceId)) }
        for endpoint in targets {
            try db.run(
                """
                INSERT INTO outbox(practiceId, messageId, channel, destination, event, payload, urgency, reference, status, attempts,
                                   nextAttemptAt, createdAt, updatedAt, parentId)
                VALUES (?, ?, 'webhook', ?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?, ?)
                """,
                [
                    practiceId, newMessageID(), endpoint.id, parent.event, parent.payload, parent.urgency.rawValue, parent.reference,
                    parent.nextAttemptAt.timeIntervalSince1970, parent.createdAt.timeIntervalSince1970, t, parent.rowID
                ], cached: true)
        }
        let note =
            targets.isEmpty
            ? "no endpoint subscribed to \(parent.event)"
            : "fanned out to " + targets.map(\.id).joined(separator: ", ")
        try db.run(
            "UPDATE outbox SET status = 'fannedOut', updatedAt = ?, lastError = ? WHERE id = ? AND practiceId = ?", [t, note, parent.rowID, practiceId],
            cached: true)
    }

    /// A new public id for an outbox row (`msg_…`).
    static func newMessageID() -> String {
        RandomIdentifier.make("msg_")
    }

    /// The earliest `nextAttemptAt` among the practice's pending rows, or the earliest end of a lease
    /// on its rows in flight (when a dead node's rows become due again).
    static func nextDue(_ db: any StoreConnection, practiceId: String) throws -> Date? {
        try db.value(
            Double.self,
            """
            SELECT MIN(t) FROM (
              SELECT MIN(nextAttemptAt) AS t FROM outbox WHERE practiceId = ?1 AND status = 'pending'
              UNION ALL SELECT MIN(leaseUntil) AS t FROM outbox WHERE practiceId = ?1 AND status = 'inflight'
            ) AS due
            """, [practiceId], cached: true
        )
        .map(Date.init(timeIntervalSince1970:))
    }

    /// Records one attempt and the row's new state.
    static func record(
        _ attempt: DeliveryAttempt?, rowID: Int64, status: DeliveryStatus, nextAttemptAt: Date?, lastError: String?,
        practiceId: String, in db: any StoreConnection, now: Date
    ) throws {
        if let attempt {
            try db.run(
                "INSERT INTO outbox_attempt(practiceId, outboxId, at, httpStatus, error, durationMs) VALUES (?, ?, ?, ?, ?, ?)",
                [practiceId, rowID, attempt.at.timeIntervalSince1970, attempt.httpStatus, attempt.error, attempt.durationMs], cached: true)
        }
        try db.run(
            """
            UPDATE outbox SET status = ?, attempts = attempts + ?, nextAttemptAt = COALESCE(?, nextAttemptAt), updatedAt = ?, lastError = ?,
              leasedBy = NULL, leaseUntil = NULL
            WHERE id = ? AND practiceId = ?
            """,
            [
                status.rawValue, attempt == nil ? 0 : 1, nextAttemptAt?.timeIntervalSince1970, now.timeIntervalSince1970,
                lastError, rowID, practiceId
            ], cached: true)
    }

    /// Makes a row due now: a dead row gets a fresh schedule (attempt count back to 0, its
    /// history kept); a pending row keeps its schedule but its next attempt moves to now.
    /// Other states are left alone; returns whether the row changed.
    @discardableResult
    static func revive(_ message: OutboxMessage, practiceId: String, now: Date, in db: any StoreConnection) throws -> Bool {
        let t = now.timeIntervalSince1970
        switch message.status {
        case .dead:
            try db.run(
                """
                UPDATE outbox SET status = 'pending', attempts = 0, nextAttemptAt = ?, updatedAt = ?, lastError = NULL
                WHERE id = ? AND practiceId = ?
                """, [t, t, message.rowID, practiceId], cached: true)
        case .pending:
            // The earlier of the two (SQLite's two-argument MIN, written so that PostgreSQL reads it too).
            try db.run(
                """
                UPDATE outbox SET nextAttemptAt = CASE WHEN ?1 < nextAttemptAt THEN ?1 ELSE nextAttemptAt END, updatedAt = ?1
                WHERE id = ?2 AND practiceId = ?3 AND status = 'pending'
                """, [t, message.rowID, practiceId], cached: true)
        case .inflight, .delivered, .fannedOut:
            return false
        }
        return true
    }

    /// Dead and/or pending rows of a channel and/or event, oldest first, skipping webhooks to
    /// disabled endpoints; at most `limit`, plus how many more match.
    static func revivable(
        statuses: [DeliveryStatus], channel: String?, event: String?, disabled: Set<String>, limit: Int,
        practiceId: String, in db: any StoreConnection
    ) throws -> (rows: [OutboxMessage], more: Int) {
        var clauses = [
            "practiceId = ?",
            "status IN (\(statuses.map { "'\($0.rawValue)'" }.joined(separator: ",")))",
            "NOT (channel = 'webhook' AND destination = '*')"
        ]
        var arguments: StoreArguments = [practiceId]
        if let channel {
            clauses.append("channel = ?")
            arguments += [channel]
        }
        if let event {
            clauses.append("event = ?")
            arguments += [event]
        }
        if !disabled.isEmpty {
            clauses.append("NOT (channel = 'webhook' AND destination IN (\(disabled.map { _ in "?" }.joined(separator: ","))))")
            arguments += StoreArguments(Array(disabled))
        }
        let filter = clauses.joined(separator: " AND ")
        let total = try db.value(Int.self, "SELECT COUNT(*) FROM outbox WHERE \(filter)", arguments) ?? 0
        let rows = try db.rows("SELECT * FROM outbox WHERE \(filter) ORDER BY id LIMIT ?", arguments + [limit]).map(OutboxMessage.init(row:))
        return (rows, max(0, total - rows.count))
    }

    /// Marks a webhook endpoint of the practice disabled, with when and why.
    static func disableEndpoint(_ id: String, reason: String, practiceId: String, in db: any StoreConnection, now: Date) throws {
        try db.run(
            """
            INSERT INTO notify_endpoint(practiceId, id, disabledAt, reason) VALUES (?, ?, ?, ?)
            ON CONFLICT(practiceId, id) DO UPDATE SET disabledAt = excluded.disabledAt, reason = excluded.reason
            """, [practiceId, id, now.timeIntervalSince1970, reason], cached: true)
    }

    /// Enables a webhook endpoint of the practice again.
    static func enableEndpoint(_ id: String, practiceId: String, in db: any StoreConnection) throws {
        try db.run("DELETE FROM notify_endpoint WHERE practiceId = ? AND id = ?", [practiceId, id], cached: true)
    }

    /// The practice's disabled endpoint ids with when and why.
    static func disabledEndpoints(_ db: any StoreConnection, practiceId: String) throws -> [String: (at: Date, reason: String)] {
        var out: [String: (at: Date, reason: String)] = [:]
        for row in try db.rows("SELECT * FROM notify_endpoint WHERE practiceId = ? AND disabledAt IS NOT NULL", [practiceId], cached: true) {
            out[row["id"]] = (Date(timeIntervalSince1970: row["disabledAt"]), row["reason"] ?? "")
        }
        return out
    }

    /// The practice's row with this row id or public id (`msg_…`), nil when none.
    static func message(_ key: String, practiceId: String, in db: any StoreConnection) throws -> OutboxMessage? {
        let row: StoreRow?
        if let id = Int64(key) {
            row = try db.row("SELECT * FROM outbox WHERE id = ? AND practiceId = ?", [id, practiceId], cached: true)
        } else {
            row = try db.row("SELECT * FROM outbox WHERE messageId = ? AND practiceId = ?", [key, practiceId], cached: true)
        }
        return row.map(OutboxMessage.init(row:))
    }

    /// A row's delivery attempts, oldest first.
    static func attempts(of rowID: Int64, practiceId: String, in db: any StoreConnection) throws -> [DeliveryAttempt] {
        try db.rows("SELECT * FROM outbox_attempt WHERE outboxId = ? AND practiceId = ? ORDER BY at, id", [rowID, practiceId])
            .map(DeliveryAttempt.init(row:))
    }

    /// The rows a `*` webhook was fanned out to.
    static func children(of rowID: Int64, practiceId: String, in db: any StoreConnection) throws -> [OutboxMessage] {
        try db.rows("SELECT * FROM outbox WHERE parentId = ? AND practiceId = ? ORDER BY id", [rowID, practiceId]).map(OutboxMessage.init(row:))
    }

    /// The practice's rows newest first, filtered, after `before` (the previous page's last key), each with its key.
    static func list(
        status: DeliveryStatus?, channel: String?, since: Date?, before: [PageKey]? = nil, limit: Int,
        practiceId: String, in db: any StoreConnection
    ) throws -> [(key: [PageKey], item: OutboxMessage)] {
        var clauses = ["practiceId = ?"]
        var arguments: StoreArguments = [practiceId]
        if let status {
            clauses.append("status = ?")
            arguments += [status.rawValue]
        }
        if let channel {
            clauses.append("channel = ?")
            arguments += [channel]
        }
        if let since {
            clauses.append("createdAt >= ?")
            arguments += [since.timeIntervalSince1970]
        }
        if let before {
            clauses.append("(createdAt, id) < (?, ?)")
            arguments += StoreArguments(before.prefix(2))
        }
        let filter = "WHERE " + clauses.joined(separator: " AND ")
        arguments += [limit]
        var page: [(key: [PageKey], item: OutboxMessage)] = []
        try db.forEachRow("SELECT * FROM outbox \(filter) ORDER BY createdAt DESC, id DESC LIMIT ?", arguments, cached: false) { row in
            page.append((key: [.real(row["createdAt"]), .int(row["id"])], item: OutboxMessage(row: row)))
            return true
        }
        return page
    }

    // MARK: - Gateway receipts

    /// Keeps the gateway's id for the message on its row.
    static func attach(providerMessageId: String, rowID: Int64, practiceId: String, in db: any StoreConnection) throws {
        try db.run("UPDATE outbox SET providerMessageId = ? WHERE id = ? AND practiceId = ?", [providerMessageId, rowID, practiceId], cached: true)
    }

    /// The practice's row whose gateway id is `providerMessageId`, nil when none.
    static func message(providerMessageId: String, practiceId: String, in db: any StoreConnection) throws -> OutboxMessage? {
        try db.row("SELECT * FROM outbox WHERE practiceId = ? AND providerMessageId = ?", [practiceId, providerMessageId], cached: true)
            .map(OutboxMessage.init(row:))
    }

    /// The practice's row with this id, nil when none.
    static func message(rowID: Int64, practiceId: String, in db: any StoreConnection) throws -> OutboxMessage? {
        try db.row("SELECT * FROM outbox WHERE id = ? AND practiceId = ?", [rowID, practiceId], cached: true).map(OutboxMessage.init(row:))
    }

    /// Records the gateway's latest state for the row.
    static func setProviderStatus(_ status: String, at now: Date, rowID: Int64, practiceId: String, in db: any StoreConnection) throws {
        try db.run(
            "UPDATE outbox SET providerStatus = ?, providerStatusAt = ? WHERE id = ? AND practiceId = ?",
            [status, now.timeIntervalSince1970, rowID, practiceId], cached: true)
    }

    /// Replaces the row's last error (a gateway's failure report).
    static func setLastError(_ error: String, rowID: Int64, practiceId: String, in db: any StoreConnection) throws {
        try db.run("UPDATE outbox SET lastError = ? WHERE id = ? AND practiceId = ?", [error, rowID, practiceId], cached: true)
    }
}
