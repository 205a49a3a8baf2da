package import Foundation
package import GRDB
package import Kernel

/// The imported call records (table `kpi_call`, owned by this plugin).
///
/// Every record carries its practice (`practiceId`). A record is unique by its practice and
/// ``CallRecord/dedupKey`` (`queue|callId|offered epoch seconds`), so importing the same file twice
/// adds nothing (the second time every record is a duplicate), while the same file imported for
/// another practice gives that practice its own records. Every read is limited to the practices it names
/// (one, or the pool of a pool-scoped `kpi.*` call).
///
/// The table is one B-tree keyed by (practice, offered second, dedup key) (`WITHOUT ROWID`): a
/// record's key is also its place in time, so a period is one range of the key and an import,
/// which comes in time order, appends at each practice's end instead of filling a second index.
/// The offered second is the one the dedup key ends with, so the key is unique exactly when the
/// dedup key is.
package enum KPICallStore {
    static func migrate(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("kpi.calls") { db in
            try db.create(table: "kpi_call") { t in
                t.column("dedupKey", .text).primaryKey()
                t.column("callId", .text).notNull()
                t.column("queue", .text).notNull()
                t.column("channel", .text)
                t.column("motive", .text)
                t.column("offeredAt", .double).notNull().indexed()
                t.column("answeredAt", .double)
                t.column("endedAt", .double)
                t.column("abandonedAt", .double)
                t.column("waitSeconds", .double).notNull()
                t.column("talkSeconds", .double)
                t.column("agent", .text)
                t.column("outcome", .text).notNull()
                t.column("ringNoAnswerCount", .integer).notNull()
                t.column("importedAt", .double).notNull()
            }
        }
        // `practiceId` (existing rows: the database's owner). The primary key cannot be altered:
        // the table is rebuilt with (practiceId, dedupKey), and the period index starts with the practice.
        migrator.registerMigration("kpi.v2-practice") { db in
            try PracticeColumn.add(to: "kpi_call", in: db)
            try db.create(table: "kpi_call_v2") { t in
                t.column("practiceId", .text).notNull().defaults(to: "")
                recordColumns(t)
                t.primaryKey(["practiceId", "dedupKey"])
            }
            try db.execute(sql: "INSERT INTO kpi_call_v2(\(copied)) SELECT \(copied) FROM kpi_call")
            try db.drop(table: "kpi_call")
            try db.rename(table: "kpi_call_v2", to: "kpi_call")
            try db.create(index: "kpi_call_practice_offeredAt", on: "kpi_call", columns: ["practiceId", "offeredAt"])
        }
        // The table keyed by time (see the type's comment): rebuilt once, its period index dropped with it.
        migrator.registerMigration("kpi.v3-keyed-by-time") { db in
            try db.create(table: "kpi_call_v3", options: .withoutRowID) { t in
                t.column("practiceId", .text).notNull().defaults(to: "")
                t.column("offeredSecond", .integer).notNull()
                recordColumns(t)
                t.primaryKey(["practiceId", "offeredSecond", "dedupKey"])
            }
            // The offered second rounded down, as `CallRecord.dedupKey` has it (SQLite's CAST truncates toward zero).
            let second = "CAST(offeredAt AS INTEGER) - (offeredAt < CAST(offeredAt AS INTEGER))"
            // In key order: the new table is appended to, not filled all over.
            try db.execute(
                sql: "INSERT INTO kpi_call_v3(offeredSecond, \(copied)) SELECT \(second) AS s, \(copied) FROM kpi_call ORDER BY practiceId, s, dedupKey")
            try db.drop(table: "kpi_call")
            try db.rename(table: "kpi_call_v3", to: "kpi_call")
        }
    }

    /// The columns of a record, the same in every version of the table since its practice came
    /// (the key and the practice apart).
    private static func recordColumns(_ t: TableDefinition) {
        t.column("dedupKey", .text).notNull()
        t.column("callId", .text).notNull()
        t.column("queue", .text).notNull()
        t.column("channel", .text)
        t.column("motive", .text)
        t.column("offeredAt", .double).notNull()
        t.column("answeredAt", .double)
        t.column("endedAt", .double)
        t.column("abandonedAt", .double)
        t.column("waitSeconds", .double).notNull()
        t.column("talkSeconds", .double)
        t.column("agent", .text)
        t.column("outcome", .text).notNull()
        t.column("ringNoAnswerCount", .integer).notNull()
        t.column("importedAt", .double).notNull()
    }

    /// The columns a rebuild of the table copies (all but the key second).
    private static let copied = """
        practiceId, dedupKey, callId, queue, channel, motive, offeredAt, answeredAt, endedAt, abandonedAt, waitSeconds, talkSeconds,
        agent, outcome, ringNoAnswerCount, importedAt
        """

    /// Inserts the records the practice does not hold yet, with the journal entries of the new ones
    /// that have a caller number (``KPICallJournal``), in the caller's transaction; returns how many
    /// were new (the rest are duplicates, which add nothing to the journal either).
    @discardableResult
    package static func insert(
        _ records: some Sequence<CallRecord>, practiceId: String, importedAt: Date, in db: any StoreConnection
    ) throws -> Int {
        let sql = """
            INSERT INTO kpi_call(practiceId, offeredSecond, dedupKey, callId, queue, channel, motive, offeredAt, answeredAt,
              endedAt, abandonedAt, waitSeconds, talkSeconds, agent, outcome, ringNoAnswerCount, importedAt)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
            """
        let imported = importedAt.timeIntervalSince1970
        // Bound straight to SQLite (`RowInserter`): an import inserts millions of records.
        let insert = try RowInserter(db, sql: sql)
        var added: [CallRecord] = []
        for r in records {
            let changed = try insert.run(
                .text(practiceId), .integer(r.offeredSecond), .text(r.dedupKey), .text(r.callId), .text(r.queue), .text(r.channel),
                .text(r.motive), .real(r.offeredAt.timeIntervalSince1970), .real(r.answeredAt?.timeIntervalSince1970),
                .real(r.endedAt?.timeIntervalSince1970), .real(r.abandonedAt?.timeIntervalSince1970), .real(r.waitSeconds),
                .real(r.talkSeconds), .text(r.agent), .text(r.outcome.rawValue), .integer(Int64(r.ringNoAnswerCount)),
                .real(imported), in: db)
            if changed > 0 { added.append(r) }
        }
        try KPICallJournal.append(added, practiceId: practiceId, in: db)
        return added.count
    }

    /// Gives the writer connection a page cache of `mebibytes` (an import inserts into indexes
    /// keyed by queue and call, all over the file: with SQLite's default 2 MiB it rereads the
    /// same pages from disk); returns the previous setting for `restoreCache`.
    package static func enlargeCache(toMebibytes mebibytes: Int, in db: any StoreConnection) throws -> Int {
        guard let db = db as? Database else { return 0 }
        let previous = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -2000
        try db.execute(sql: "PRAGMA cache_size = \(-mebibytes * 1024)")
        return previous
    }

    /// Puts back the page cache setting `enlargeCache` returned.
    package static func restoreCache(_ setting: Int, in db: any StoreConnection) throws {
        guard let db = db as? Database else { return }
        try db.execute(sql: "PRAGMA cache_size = \(setting)")
    }

    /// The records of the practices `practiceIds` (a pool; one practice as a rule) offered within
    /// `[from, to)`, oldest first, each with its practice. One query, on the key: one range scan per
    /// practice, merged by a sort.
    package static func records(
        from: Date, to: Date, practiceIds: [String], in db: any StoreConnection
    ) throws -> [(practiceId: String, record: CallRecord)] {
        precondition(!practiceIds.isEmpty, "a pool has at least one practice")
        var out: [(practiceId: String, record: CallRecord)] = []
        try db.forEachRow(
            recordsQuery(practices: practiceIds.count), recordsArguments(from: from, to: to, practiceIds: practiceIds), cached: practiceIds.count == 1
        ) { row in
            out.append((row["practiceId"], record(row)))
            return true
        }
        return out
    }

    /// The query of ``records(from:to:practiceIds:in:)`` for a pool of `practices` (tests check its plan).
    static func recordsQuery(practices: Int) -> String {
        let marks = Array(repeating: "?", count: practices).joined(separator: ", ")
        return "SELECT * FROM kpi_call WHERE practiceId IN (\(marks)) AND \(period) ORDER BY offeredAt, practiceId, dedupKey"
    }

    static func recordsArguments(from: Date, to: Date, practiceIds: [String]) -> StoreArguments {
        StoreArguments(practiceIds) + periodArguments(from: from, to: to)
    }

    /// The condition "offered within `[from, to)`" on the key's seconds (what narrows the range)
    /// and on the exact instants; its arguments are ``periodArguments(from:to:)``.
    static let period = "offeredSecond >= ? AND offeredSecond <= ? AND offeredAt >= ? AND offeredAt < ?"

    static func periodArguments(from: Date, to: Date) -> StoreArguments {
        [CallRecord.epochSecond(from), CallRecord.epochSecond(to), from.timeIntervalSince1970, to.timeIntervalSince1970]
    }

    /// The offered instant of the practice's oldest stored record, if any.
    package static func firstOffered(practiceId: String, in db: any StoreConnection) throws -> Date? {
        try db.value(
            Double.self,
            """
            SELECT MIN(offeredAt) FROM kpi_call
            WHERE practiceId = ?1 AND offeredSecond = (SELECT MIN(offeredSecond) FROM kpi_call WHERE practiceId = ?1)
            """, [practiceId], cached: true
        ).map(Date.init(timeIntervalSince1970:))
    }

    /// Deletes the practice's records offered before `cutoff`; returns how many.
    static func purge(offeredBefore cutoff: Date, practiceId: String, in db: any StoreConnection) throws -> Int {
        try db.run(
            "DELETE FROM kpi_call WHERE practiceId = ? AND offeredSecond <= ? AND offeredAt < ?",
            [practiceId, CallRecord.epochSecond(cutoff), cutoff.timeIntervalSince1970])
        return db.changedRows
    }

    static func record(_ row: StoreRow) -> CallRecord {
        func date(_ c: String) -> Date? { (row[c] as Double?).map(Date.init(timeIntervalSince1970:)) }
        return CallRecord(
            callId: row["callId"], queue: row["queue"], channel: row["channel"], motive: row["motive"],
            offeredAt: date("offeredAt")!, answeredAt: date("answeredAt"), endedAt: date("endedAt"),
            abandonedAt: date("abandonedAt"), waitSeconds: row["waitSeconds"], talkSeconds: row["talkSeconds"],
            agent: row["agent"], outcome: CallOutcome(rawValue: row["outcome"]) ?? .unanswered,
            ringNoAnswerCount: row["ringNoAnswerCount"])
    }
}
