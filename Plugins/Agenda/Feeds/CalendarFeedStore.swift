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
        practitionerId: String, by actor: String, at now: Date, practiceId: String, in db: Database
    ) throws -> (CalendarFeed, token: String) {
        let token = TokenStore.randomSecret(prefix: "cal_")
        let id = RandomIdentifier.make("feed-", hexDigits: 20)
        try db.cachedStatement(
            sql: "INSERT INTO agenda_calendar_feed(practiceId, id, practitionerId, tokenHash, createdAt, createdBy) VALUES (?, ?, ?, ?, ?, ?)"
        ).execute(arguments: [practiceId, id, practitionerId, TokenStore.hash(token), now.timeIntervalSince1970, actor])
        return (try feed(id: id, practiceId: practiceId, in: db)!, token)
    }

    static func feed(id: String, practiceId: String, in db: Database) throws -> CalendarFeed? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM agenda_calendar_feed WHERE id = ? AND practiceId = ?"), arguments: [id, practiceId])
            .map(CalendarFeed.init(row:))
    }

    /// The feed whose token hashes to `tokenHash` (`TokenStore.hash`), unless it is revoked.
    static func active(tokenHash: String, practiceId: String, in db: Database) throws -> CalendarFeed? {
        try Row.fetchOne(
            db.cachedStatement(sql: "SELECT * FROM agenda_calendar_feed WHERE tokenHash = ? AND practiceId = ? AND revokedAt IS NULL"),
            arguments: [tokenHash, practiceId]
        ).map(CalendarFeed.init(row:))
    }

    static func list(practitionerId: String?, practiceId: String, in db: Database) throws -> [CalendarFeed] {
        let rows =
            if let practitionerId {
                try Row.fetchAll(
                    db.cachedStatement(sql: "SELECT * FROM agenda_calendar_feed WHERE practiceId = ? AND practitionerId = ? ORDER BY createdAt, id"),
                    arguments: [practiceId, practitionerId])
            } else {
                try Row.fetchAll(
                    db.cachedStatement(sql: "SELECT * FROM agenda_calendar_feed WHERE practiceId = ? ORDER BY createdAt, id"), arguments: [practiceId])
            }
        return rows.map(CalendarFeed.init(row:))
    }

    static func revoke(id: String, by actor: String, at now: Date, practiceId: String, in db: Database) throws {
        try db.cachedStatement(sql: "UPDATE agenda_calendar_feed SET revokedAt = ?, revokedBy = ? WHERE id = ? AND practiceId = ?").execute(arguments: [
            now.timeIntervalSince1970, actor, id, practiceId
        ])
    }

    /// What the calendar of a practitioner's window is written from, in a few numbers: any booking,
    /// change or cancellation in the window changes it.
    static func stamp(practitionerId: String, from: Date, to: Date, practiceId: String, in db: Database) throws -> String {
        let row = try Row.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT COUNT(*) AS n, MAX(updatedAt) AS changed, TOTAL(sequence) AS sequences, MIN(start) AS first, MAX(start) AS last
                    FROM agenda_appointment WHERE practiceId = ? AND practitionerId = ? AND start >= ? AND start < ?
                    """), arguments: [practiceId, practitionerId, from.timeIntervalSince1970, to.timeIntervalSince1970])
        let n: Int = row?["n"] ?? 0
        let changed: Double = row?["changed"] ?? 0
        let sequences: Double = row?["sequences"] ?? 0
        let first: Double = row?["first"] ?? 0
        let last: Double = row?["last"] ?? 0
        return "\(n)|\(changed)|\(sequences)|\(first)|\(last)"
    }

    /// Adds `count` fetches to a feed, the last at `last`.
    static func noteFetches(id: String, count: Int, last: Date, practiceId: String, in db: Database) throws {
        try db.cachedStatement(
            sql: "UPDATE agenda_calendar_feed SET lastFetchedAt = MAX(COALESCE(lastFetchedAt, 0), ?), fetches = fetches + ? WHERE id = ? AND practiceId = ?"
        ).execute(arguments: [last.timeIntervalSince1970, count, id, practiceId])
    }
}
