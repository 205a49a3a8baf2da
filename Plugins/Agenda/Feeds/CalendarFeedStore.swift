import Foundation
import GRDB
import Kernel

/// The `agenda_calendar_feed` table; every function runs in the caller's transaction and reads or
/// changes only the rows of `practiceId`.
enum CalendarFeedStore {
    static func migrate(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("agenda.calendarFeeds") { db in
            try db.create(table: "agenda_calendar_feed") { t in
                t.column("id", .text).primaryKey()
                t.column("practitionerId", .text).notNull().indexed()
                t.column("tokenHash", .text).notNull().unique()
                t.column("createdAt", .double).notNull()
                t.column("createdBy", .text).notNull()
                t.column("revokedAt", .double)
                t.column("revokedBy", .text)
                t.column("lastFetchedAt", .double)
                t.column("fetches", .integer).notNull().defaults(to: 0)
            }
        }
    }

    /// Creates a feed; returns it with its token (the only time the token exists in clear).
    static func create(
        practitionerId: String, by actor: String, at now: Date, practiceId: String, in db: any StoreConnection
    ) throws -> (CalendarFeed, token: String) {
        let token = TokenStore.randomSecret(prefix: "cal_")
        let id = RandomIdentifier.make("feed-", hexDigits: 20)
        try db.run(
            "INSERT INTO agenda_calendar_feed(practiceId, id, practitionerId, tokenHash, createdAt, createdBy) VALUES (?, ?, ?, ?, ?, ?)",
            [practiceId, id, practitionerId, TokenStore.hash(token), now.timeIntervalSince1970, actor], cached: true)
        return (try feed(id: id, practiceId: practiceId, in: db)!, token)
    }

    static func feed(id: String, practiceId: String, in db: any StoreConnection) throws -> CalendarFeed? {
        try db.row("SELECT * FROM agenda_calendar_feed WHERE id = ? AND practiceId = ?", [id, practiceId], cached: true).map(CalendarFeed.init(row:))
    }

    /// The feed whose token hashes to `tokenHash` (`TokenStore.hash`), unless it is revoked.
    static func active(tokenHash: String, practiceId: String, in db: any StoreConnection) throws -> CalendarFeed? {
        try db.row(
            "SELECT * FROM agenda_calendar_feed WHERE tokenHash = ? AND practiceId = ? AND revokedAt IS NULL", [tokenHash, practiceId], cached: true
        ).map(CalendarFeed.init(row:))
    }

    static func list(practitionerId: String?, practiceId: String, in db: any StoreConnection) throws -> [CalendarFeed] {
        if let practitionerId {
            return try db.collect(
                "SELECT * FROM agenda_calendar_feed WHERE practiceId = ? AND practitionerId = ? ORDER BY createdAt, id", [practiceId, practitionerId],
                cached: true, CalendarFeed.init(row:))
        }
        return try db.collect(
            "SELECT * FROM agenda_calendar_feed WHERE practiceId = ? ORDER BY createdAt, id", [practiceId], cached: true, CalendarFeed.init(row:))
    }

    static func revoke(id: String, by actor: String, at now: Date, practiceId: String, in db: any StoreConnection) throws {
        try db.run(
            "UPDATE agenda_calendar_feed SET revokedAt = ?, revokedBy = ? WHERE id = ? AND practiceId = ?",
            [now.timeIntervalSince1970, actor, id, practiceId], cached: true)
    }

    /// What the calendar of a practitioner's window is written from, in a few numbers: any booking,
    /// change or cancellation in the window changes it. The sum of sequences is a real, as SQLite's
    /// `TOTAL` gave it, written so that PostgreSQL reads it too.
    static func stamp(practitionerId: String, from: Date, to: Date, practiceId: String, in db: any StoreConnection) throws -> String {
        let row = try db.row(
            """
            SELECT COUNT(*) AS n, MAX(updatedAt) AS changed, CAST(COALESCE(SUM(sequence), 0) AS DOUBLE PRECISION) AS sequences,
              MIN(start) AS first, MAX(start) AS last
            FROM agenda_appointment WHERE practiceId = ? AND practitionerId = ? AND start >= ? AND start < ?
            """, [practiceId, practitionerId, from.timeIntervalSince1970, to.timeIntervalSince1970], cached: true)
        let n: Int = row?["n"] ?? 0
        let changed: Double = row?["changed"] ?? 0
        let sequences: Double = row?["sequences"] ?? 0
        let first: Double = row?["first"] ?? 0
        let last: Double = row?["last"] ?? 0
        return "\(n)|\(changed)|\(sequences)|\(first)|\(last)"
    }

    /// Adds `count` fetches to a feed, the last at `last` (the later of it and the one recorded).
    static func noteFetches(id: String, count: Int, last: Date, practiceId: String, in db: any StoreConnection) throws {
        try db.run(
            """
            UPDATE agenda_calendar_feed
            SET lastFetchedAt = CASE WHEN COALESCE(lastFetchedAt, 0) > ?1 THEN COALESCE(lastFetchedAt, 0) ELSE ?1 END, fetches = fetches + ?2
            WHERE id = ?3 AND practiceId = ?4
            """, [last.timeIntervalSince1970, count, id, practiceId], cached: true)
    }
}
