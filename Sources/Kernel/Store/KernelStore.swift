import Foundation
import GRDB
import JSONRPC

/// The kernel's tables and every query on them: the audit trail (`kernel_audit`), the outbox
/// (`outbox`, `outbox_attempt`), and the health probes. Tokens have their own `TokenStore`; no
/// other file of the module holds SQL (`PersonalDataRows` runs the export queries stores give it).
enum KernelStore {
    // MARK: - Audit trail

    /// Registers the audit trail, `kernel_audit`, and redacts rows written before redaction existed.
    static func migrateAudit(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("kernel.audit") { db in
            try db.create(table: "kernel_audit") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("at", .double).notNull().indexed()
                t.column("session", .integer).notNull()
                t.column("actor", .text).notNull()
                t.column("role", .text).notNull()
                t.column("method", .text).notNull().indexed()
                t.column("params", .text).notNull()
            }
        }
        // Rows written before the trail stopped keeping free text are redacted like new ones.
        migrator.registerMigration("kernel.audit.v2-redacted") { db in
            for (id, params) in try auditParams(in: db) {
                let redacted = AuditLog.redact(params)
                if redacted != params {
                    try replaceAuditParams(redacted, id: id, in: db)
                }
            }
        }
    }

    /// Gives the audit trail and the outbox their practice (`practiceId`, see `PracticeColumn`):
    /// rows already there belong to the database's owner. Indexes the hot queries use start with
    /// the practice: the trail by method and by date, the outbox's due rows. Registered after the
    /// owner migration (`KernelHost.registerOwnerMigration`), which it reads. The trail's pages
    /// (newest first, of one method or all) read an index in id order: no sort.
    static func migratePractice(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("kernel.v2-practice") { db in
            for table in ["kernel_audit", "outbox", "outbox_attempt"] { try PracticeColumn.add(to: table, in: db) }
            try db.run("DROP INDEX kernel_audit_on_at")
            try db.run("DROP INDEX kernel_audit_on_method")
            try db.run("CREATE INDEX kernel_audit_practice_method ON kernel_audit(practiceId, method)")
            try db.run("CREATE INDEX kernel_audit_practice_at ON kernel_audit(practiceId, at)")
            try db.run("CREATE INDEX kernel_audit_practice ON kernel_audit(practiceId)")
            try db.run("DROP INDEX outbox_due")
            try db.run("CREATE INDEX outbox_due ON outbox(practiceId, status, nextAttemptAt)")
        }
    }

    /// Writes one audit row of `practiceId` (params already redacted).
    static func insertAudit(
        at: Date, session: UInt64, actor: String, role: Role, method: String, paramsText: String, practiceId: String, in db: any StoreConnection
    ) throws {
        try db.run(
            "INSERT INTO kernel_audit(practiceId, at, session, actor, role, method, params) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [practiceId, at.timeIntervalSince1970, Int64(session), actor, role.rawValue, method, paramsText], cached: true)
    }

    /// The practice's audit entries newest first, of one method if given, with ids below `before`; at most `limit`.
    static func auditEntries(method: String?, before: Int64?, limit: Int, practiceId: String, in db: any StoreConnection) throws -> [AuditLog.Entry] {
        // Two statements, so that each reads its index in id order (the practice's, or the practice's and method's).
        let rows = try db.rows(
            """
            SELECT id, at, actor, role, method, params FROM kernel_audit
            WHERE practiceId = ?4 AND \(method == nil ? "CAST(?1 AS TEXT) IS NULL" : "method = ?1") AND (id < ?3 OR ?3 IS NULL) ORDER BY id DESC LIMIT ?2
            """, [method, limit, before, practiceId])
        return rows.map {
            AuditLog.Entry(
                id: $0["id"], at: Date(timeIntervalSince1970: $0["at"]), actor: $0["actor"], role: $0["role"], method: $0["method"], params: $0["params"])
        }
    }

    /// Every audit row's id and params text (for the redaction migration, across practices).
    static func auditParams(in db: any StoreConnection) throws -> [(id: Int64, params: String)] {
        try db.rows("SELECT id, params FROM kernel_audit").map { ($0["id"], $0["params"]) }
    }

    /// The practice's audit rows' ids and params texts.
    static func auditParams(practiceId: String, in db: any StoreConnection) throws -> [(id: Int64, params: String)] {
        try db.rows("SELECT id, params FROM kernel_audit WHERE practiceId = ?", [practiceId], cached: true).map {
            ($0["id"], $0["params"])
        }
    }

    /// Replaces one audit row's params text (for the redaction migration, which runs before rows
    /// carried their practice).
    static func replaceAuditParams(_ params: String, id: Int64, in db: any StoreConnection) throws {
        try db.run("UPDATE kernel_audit SET params = ? WHERE id = ?", [params, id], cached: true)
    }

    /// Replaces the params text of one row of the practice's trail.
    static func replaceAuditParams(_ params: String, id: Int64, practiceId: String, in db: any StoreConnection) throws {
        try db.run("UPDATE kernel_audit SET params = ? WHERE id = ? AND practiceId = ?", [params, id, practiceId], cached: true)
    }

    /// The practice's audit rows naming the patient id (as a JSON string), as JSON rows.
    static func exportAudit(quotedPatientId: String, practiceId: String, in db: any StoreConnection) throws -> JSONValue {
        try PersonalDataRows.select(
            "SELECT at, actor, role, method, params FROM kernel_audit WHERE practiceId = ? AND instr(params, ?) > 0 ORDER BY id",
            [practiceId, quotedPatientId], in: db)
    }

    /// Deletes the practice's audit rows written before `cutoff`; returns how many.
    static func purgeAudit(before cutoff: Date, practiceId: String, in db: any StoreConnection) throws -> Int {
        try db.run("DELETE FROM kernel_audit WHERE practiceId = ? AND at < ?", [practiceId, cutoff.timeIntervalSince1970], cached: true)
        return db.changedRows
    }

    // MARK: - Outbox

    /// Registers the outbox, `outbox` and `outbox_attempt`.
    static func migrateOutbox(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("kernel.outbox") { db in
            try db.create(table: "outbox") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("messageId", .text).notNull().unique()
                t.column("channel", .text).notNull()
                t.column("destination", .text).notNull()
                t.column("event", .text).notNull()
                t.column("payload", .text).notNull()
                t.column("urgency", .text).notNull()
                t.column("reference", .text).indexed()
                t.column("status", .text).notNull().defaults(to: "pending")
                t.column("attempts", .integer).notNull().defaults(to: 0)
                t.column("nextAttemptAt", .double).notNull()
                t.column("createdAt", .double).notNull()
                t.column("updatedAt", .double).notNull()
                t.column("lastError", .text)
            }
            try db.create(index: "outbox_due", on: "outbox", columns: ["status", "nextAttemptAt"])
            try db.create(table: "outbox_attempt") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("outboxId", .integer).notNull().indexed().references("outbox", onDelete: .cascade)
                t.column("at", .double).notNull()
                t.column("httpStatus", .integer)
                t.column("error", .text)
                t.column("durationMs", .double).notNull()
            }
        }
    }

    /// Writes a pending outbox row of `practiceId` due now; returns its row id.
    static func insertOutbox(_ item: Outbox.Item, messageId: String, practiceId: String, at now: Date, in db: any StoreConnection) throws -> Int64 {
        let t = now.timeIntervalSince1970
        let id = try db.value(
            Int64.self,
            """
            INSERT INTO outbox(practiceId, messageId, channel, destination, event, payload, urgency, reference, status, attempts,
              nextAttemptAt, createdAt, updatedAt)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?) RETURNING id
            """,
            [practiceId, messageId, item.channel, item.destination, item.event, item.payload, item.urgency.rawValue, item.reference, t, t, t],
            cached: true)
        db.announce(.outboxInserted(practiceId: practiceId))
        return id!
    }

    /// The practice's outbox rows counted by status (`pending`, `inflight`, `delivered`, `dead` always present).
    static func outboxBacklog(practiceId: String, in db: any StoreConnection) throws -> [String: Int] {
        var out: [String: Int] = ["pending": 0, "inflight": 0, "delivered": 0, "dead": 0]
        for row in try db.rows("SELECT status, COUNT(*) AS n FROM outbox WHERE practiceId = ? GROUP BY status", [practiceId], cached: true) {
            out[row["status"]] = row["n"]
        }
        return out
    }

    /// The notifications enqueued with each of `references`, oldest first per reference, fanned-out `*` webhooks left out.
    /// Not filtered by practice: references are the random ids of rows (messages, incidents) the
    /// caller has already read through its practice.
    static func deliveries(references: [String], channel: String?, in db: any StoreConnection) throws -> [String: [Outbox.Delivery]] {
        let unique = Array(Set(references))
        guard !unique.isEmpty else { return [:] }
        var out: [String: [Outbox.Delivery]] = [:]
        // SQLite allows at least 999 bound variables; lists are bounded by their page size (≤ 1000).
        for start in stride(from: 0, to: unique.count, by: 900) {
            let chunk = Array(unique[start..<min(start + 900, unique.count)])
            let marks = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
            var arguments = StoreArguments(chunk)
            var filter = ""
            if let channel {
                filter = " AND channel = ?"
                arguments += [channel]
            }
            try db.forEachRow(
                """
                SELECT id, messageId, channel, destination, event, status, attempts, lastError, createdAt, updatedAt, reference
                FROM outbox WHERE reference IN (\(marks)) AND status != 'fannedOut'\(filter) ORDER BY id
                """, arguments, cached: false
            ) { row in
                let reference: String = row["reference"]
                out[reference, default: []].append(
                    Outbox.Delivery(
                        outboxId: row["id"], messageId: row["messageId"], channel: row["channel"], to: row["destination"],
                        event: row["event"], status: Outbox.Delivery.Status(outboxStatus: row["status"]), attempts: row["attempts"],
                        lastError: row["lastError"], createdAt: Date(timeIntervalSince1970: row["createdAt"]),
                        updatedAt: Date(timeIntervalSince1970: row["updatedAt"])))
                return true
            }
        }
        return out
    }

    /// The practice's outbox rows going to one of the subject's numbers or whose payload mentions the subject.
    private static func outboxIds(_ subject: PersonalDataSubject, practiceId: String, in db: any StoreConnection) throws -> [Int64] {
        let phones = PersonalDataRows.phoneArguments(subject)
        var ids = try db.values(
            Int64.self, "SELECT id FROM outbox WHERE practiceId = ? AND destination IN \(PersonalDataRows.placeholders(phones.count))",
            [practiceId] + StoreArguments(phones))
        // Payloads are searched for every needle in SQL first (instr is exact), then identifiers
        // again without case or accents.
        let needles = subject.needles
        let clauses = needles.map { _ in "instr(payload, ?) > 0" }.joined(separator: " OR ")
        ids += try db.values(
            Int64.self, "SELECT id FROM outbox WHERE practiceId = ? AND payload <> '' AND (\(clauses))", [practiceId] + StoreArguments(needles))
        let seen = Set(ids)
        for row in try db.rows("SELECT id, payload FROM outbox WHERE practiceId = ? AND payload <> ''", [practiceId], cached: true) {
            let id: Int64 = row["id"]
            if !seen.contains(id), subject.isMentioned(in: row["payload"]) { ids.append(id) }
        }
        return Array(Set(ids)).sorted()
    }

    /// The subject's outbox rows in the practice as JSON rows.
    static func exportOutbox(_ subject: PersonalDataSubject, practiceId: String, in db: any StoreConnection) throws -> JSONValue {
        let ids = try outboxIds(subject, practiceId: practiceId, in: db)
        guard !ids.isEmpty else { return .array([]) }
        return try PersonalDataRows.select(
            """
            SELECT messageId, channel, destination, event, payload, status, attempts, createdAt, updatedAt
            FROM outbox WHERE practiceId = ? AND id IN \(PersonalDataRows.placeholders(ids.count)) ORDER BY id
            """, [practiceId] + StoreArguments(ids), in: db)
    }

    /// Empties the payload and destination of the subject's rows in the practice (pending ones marked dead, "erased"); returns how many.
    static func eraseOutbox(_ subject: PersonalDataSubject, practiceId: String, at now: Date, in db: any StoreConnection) throws -> Int {
        let ids = try outboxIds(subject, practiceId: practiceId, in: db)
        guard !ids.isEmpty else { return 0 }
        try db.run(
            """
            UPDATE outbox SET payload = '', destination = '', updatedAt = ?,
              status = CASE WHEN status IN ('pending', 'inflight') THEN 'dead' ELSE status END,
              lastError = CASE WHEN status IN ('pending', 'inflight') THEN 'erased' ELSE lastError END
            WHERE practiceId = ? AND id IN \(PersonalDataRows.placeholders(ids.count))
            """, [now.timeIntervalSince1970, practiceId] + StoreArguments(ids))
        return ids.count
    }

    /// Deletes the practice's delivered and dead rows last changed before `cutoff`; returns how many.
    static func purgeOutbox(before cutoff: Date, practiceId: String, in db: any StoreConnection) throws -> Int {
        try db.run(
            "DELETE FROM outbox WHERE practiceId = ? AND status IN ('delivered', 'dead') AND updatedAt < ?",
            [practiceId, cutoff.timeIntervalSince1970], cached: true)
        return db.changedRows
    }

    // MARK: - Health

    /// SQLite's journal mode (`wal`, `memory`…), empty when unknown.
    /// SQLite's journal mode (`wal`); on a server, the engine's name.
    static func journalMode(in db: any StoreConnection) throws -> String {
        guard db.engine == .sqlite else { return db.engine.rawValue }
        return try db.value(String.self, "PRAGMA journal_mode") ?? ""
    }

    /// Writes to a temporary table, so that the transaction takes the write lock: fails on a read-only or full disk, a locked file.
    static func probeWrite(in db: any StoreConnection) throws {
        guard db.engine == .sqlite else {
            // A write to a table of its own (`kernel.pg2-readiness`): fails on a standby or a full disk.
            try db.run("DELETE FROM kernel_readyz")
            try db.run("INSERT INTO kernel_readyz VALUES (extract(epoch FROM now()))")
            return
        }
        try db.run("CREATE TEMP TABLE IF NOT EXISTS kernel_readyz(at REAL); DELETE FROM kernel_readyz; INSERT INTO kernel_readyz VALUES (julianday('now'))")
    }
}
