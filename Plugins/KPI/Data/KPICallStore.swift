package import Foundation
package import GRDB
import Kernel

/// The imported call records (table `kpi_call`, owned by this plugin).
///
/// Every record carries its practice (`practiceId`). The primary key is the practice and
/// ``CallRecord/dedupKey`` (`queue|callId|offered epoch seconds`), so importing the same file twice
/// adds nothing (the second time every record is a duplicate), while the same file imported for
/// another practice gives that practice its own records. Every read is limited to the practices it names
/// (one, or the pool of a pool-scoped `kpi.*` call).
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
                t.primaryKey(["practiceId", "dedupKey"])
            }
            let columns = """
                practiceId, dedupKey, callId, queue, channel, motive, offeredAt, answeredAt, endedAt, abandonedAt, waitSeconds, talkSeconds,
                agent, outcome, ringNoAnswerCount, importedAt
                """
            try db.execute(sql: "INSERT INTO kpi_call_v2(\(columns)) SELECT \(columns) FROM kpi_call")
            try db.drop(table: "kpi_call")
            try db.rename(table: "kpi_call_v2", to: "kpi_call")
            try db.create(index: "kpi_call_practice_offeredAt", on: "kpi_call", columns: ["practiceId", "offeredAt"])
        }
    }

    /// Inserts the records the practice does not hold yet, with the journal entries of the new ones
    /// that have a caller number (``KPICallJournal``), in the caller's transaction; returns how many
    /// were new (the rest are duplicates, which add nothing to the journal either).
    @discardableResult
    package static func insert(_ records: some Sequence<CallRecord>, practiceId: String, importedAt: Date, in db: Database) throws -> Int {
        let statement = try db.cachedStatement(
            sql: """
                INSERT OR IGNORE INTO kpi_call(practiceId, dedupKey, callId, queue, channel, motive, offeredAt, answeredAt, endedAt, abandonedAt,
                  waitSeconds, talkSeconds, agent, outcome, ringNoAnswerCount, importedAt)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        var added: [CallRecord] = []
        for r in records {
            try statement.execute(arguments: [
                practiceId, r.dedupKey, r.callId, r.queue, r.channel, r.motive, r.offeredAt.timeIntervalSince1970,
                r.answeredAt?.timeIntervalSince1970, r.endedAt?.timeIntervalSince1970,
                r.abandonedAt?.timeIntervalSince1970, r.waitSeconds, r.talkSeconds, r.agent,
                r.outcome.rawValue, r.ringNoAnswerCount, importedAt.timeIntervalSince1970
            ])
            if db.changesCount > 0 { added.append(r) }
        }
        try KPICallJournal.append(added, practiceId: practiceId, in: db)
        return added.count
    }

    /// Gives the writer connection a page cache of `mebibytes` (an import inserts into indexes
    /// keyed by queue and call, all over the file: with SQLite's default 2 MiB it rereads the
    /// same pages from disk); returns the previous setting for `restoreCache`.
    package static func enlargeCache(toMebibytes mebibytes: Int, in db: Database) throws -> Int {
        let previous = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -2000
        try db.execute(sql: "PRAGMA cache_size = \(-mebibytes * 1024)")
        return previous
    }

    /// Puts back the page cache setting `enlargeCache` returned.
    package static func restoreCache(_ setting: Int, in db: Database) throws {
        try db.execute(sql: "PRAGMA cache_size = \(setting)")
    }

    /// The records of the practices `practiceIds` (a pool; one practice as a rule) offered within
    /// `[from, to)`, oldest first, each with its practice. One query, on the index
    /// `(practiceId, offeredAt)`: one range scan per practice, merged by a sort.
    package static func records(from: Date, to: Date, practiceIds: [String], in db: Database) throws -> [(practiceId: String, record: CallRecord)] {
        precondition(!practiceIds.isEmpty, "a pool has at least one practice")
        return try Array(
            Row.fetchCursor(db, sql: recordsQuery(practices: practiceIds.count), arguments: recordsArguments(from: from, to: to, practiceIds: practiceIds))
                .map { ($0["practiceId"], record($0)) })
    }

    /// The query of ``records(from:to:practiceIds:in:)`` for a pool of `practices` (tests check its plan).
    static func recordsQuery(practices: Int) -> String {
        let marks = Array(repeating: "?", count: practices).joined(separator: ", ")
        return "SELECT * FROM kpi_call WHERE practiceId IN (\(marks)) AND offeredAt >= ? AND offeredAt < ? ORDER BY offeredAt, practiceId, dedupKey"
    }

    static func recordsArguments(from: Date, to: Date, practiceIds: [String]) -> StatementArguments {
        StatementArguments(practiceIds) + [from.timeIntervalSince1970, to.timeIntervalSince1970]
    }

    /// The offered instant of the practice's oldest stored record, if any.
    package static func firstOffered(practiceId: String, in db: Database) throws -> Date? {
        try Double.fetchOne(db, sql: "SELECT MIN(offeredAt) FROM kpi_call WHERE practiceId = ?", arguments: [practiceId])
            .map(Date.init(timeIntervalSince1970:))
    }

    /// Deletes the practice's records offered before `cutoff`; returns how many.
    static func purge(offeredBefore cutoff: Date, practiceId: String, in db: Database) throws -> Int {
        try db.execute(sql: "DELETE FROM kpi_call WHERE practiceId = ? AND offeredAt < ?", arguments: [practiceId, cutoff.timeIntervalSince1970])
        return db.changesCount
    }

    static func record(_ row: Row) -> CallRecord {
        func date(_ c: String) -> Date? { (row[c] as Double?).map(Date.init(timeIntervalSince1970:)) }
        return CallRecord(
            callId: row["callId"], queue: row["queue"], channel: row["channel"], motive: row["motive"],
            offeredAt: date("offeredAt")!, answeredAt: date("answeredAt"), endedAt: date("endedAt"),
            abandonedAt: date("abandonedAt"), waitSeconds: row["waitSeconds"], talkSeconds: row["talkSeconds"],
            agent: row["agent"], outcome: CallOutcome(rawValue: row["outcome"]) ?? .unanswered,
            ringNoAnswerCount: row["ringNoAnswerCount"])
    }
}
