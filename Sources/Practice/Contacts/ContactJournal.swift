import Foundation
import GRDB
import Kernel

/// The contact journal: the one timeline of every contact, across channels and modules.
///
/// Modules append inside their own write transaction (`append(_:in:)`), so an appointment and its
/// journal entry commit together; nobody reads another module's tables to build a history.
public enum ContactJournal {
    static func migrate(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("practice.contacts") { db in
            try db.create(table: "practice_contact") { t in
                t.column("id", .text).primaryKey()
                t.column("channel", .text).notNull()
                t.column("direction", .text).notNull()
                t.column("patientId", .text).indexed()
                t.column("callerName", .text)
                t.column("callerPhone", .text).indexed()
                t.column("callerRelationship", .text)
                t.column("motive", .text).notNull()
                t.column("subject", .text)
                t.column("offeredAt", .double).notNull().indexed()
                t.column("answeredAt", .double)
                t.column("endedAt", .double)
                t.column("abandonedAt", .double)
                t.column("agent", .text)
                t.column("outcome", .text)
                t.column("notes", .text)
                t.column("source", .text).notNull()
                t.column("reference", .text)
                t.column("kind", .text)
            }
        }
    }

    /// Appends `entry` in the caller's transaction; returns the entry with its id.
    @discardableResult
    public static func append(_ entry: ContactEntry, in db: Database) throws -> ContactEntry {
        var e = entry
        if e.id.isEmpty { e.id = "ct_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(20).lowercased() }
        try db.cachedStatement(sql: """
            INSERT INTO practice_contact(id, channel, direction, patientId, callerName, callerPhone, callerRelationship, motive, subject,
              offeredAt, answeredAt, endedAt, abandonedAt, agent, outcome, notes, source, reference, kind)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [e.id, e.channel.rawValue, e.direction.rawValue, e.patientId, e.caller?.name, e.caller?.phone,
                             e.caller?.relationship?.rawValue, e.motive.rawValue, e.subject, e.offeredAt.timeIntervalSince1970,
                             e.answeredAt?.timeIntervalSince1970, e.endedAt?.timeIntervalSince1970, e.abandonedAt?.timeIntervalSince1970,
                             e.agent, e.outcome, e.notes, e.source, e.reference, e.kind])
        return e
    }

    /// The timeline of a patient, or of a phone number (E.164), oldest first, within `[from, to)`.
    public static func history(patientId: String?, phone: String?, from: Date?, to: Date?, in db: Database) throws -> [ContactEntry] {
        // Rows are read from a cursor: a row of `fetchAll` looks its columns up by name slowly.
        let rows = try Row.fetchCursor(db, sql: """
            SELECT * FROM practice_contact
            WHERE ((?1 IS NOT NULL AND patientId = ?1) OR (?2 IS NOT NULL AND callerPhone = ?2))
              AND (?3 IS NULL OR offeredAt >= ?3) AND (?4 IS NULL OR offeredAt < ?4)
            ORDER BY offeredAt, rowid
            """, arguments: [patientId, phone, from?.timeIntervalSince1970, to?.timeIntervalSince1970])
        return try Array(rows.map(entry))
    }

    /// The missed calls (``ContactEntry/isMissedCall``) of a patient or from any of `phones`
    /// (E.164) offered within `[from, to)`, oldest first, whichever module recorded them: what a
    /// repeat caller tried before getting through. One call recorded twice — by hand
    /// (`contacts.record`) and by an import of the telephony's log — counts once: entries from
    /// the same number offered within ``sameCallTolerance`` of each other from different sources.
    public static func missedCalls(patientId: String?, phones: [String], from: Date, to: Date, in db: Database) throws -> [ContactEntry] {
        // One indexed term per key (patient, numbers), so the lookup reads those rows only.
        var terms: [String] = []
        var arguments: StatementArguments = []
        if let patientId { terms.append("patientId = ?"); arguments += [patientId] }
        if !phones.isEmpty {
            terms.append("callerPhone IN (" + Array(repeating: "?", count: phones.count).joined(separator: ", ") + ")")
            arguments += StatementArguments(phones)
        }
        guard !terms.isEmpty else { return [] }
        arguments += [from.timeIntervalSince1970, to.timeIntervalSince1970]
        let rows = try Row.fetchCursor(db, sql: """
            SELECT * FROM practice_contact
            WHERE (\(terms.joined(separator: " OR ")))
              AND channel = 'phone' AND direction = 'inbound' AND answeredAt IS NULL
              AND (abandonedAt IS NOT NULL OR endedAt IS NOT NULL)
              AND offeredAt >= ? AND offeredAt < ?
            ORDER BY offeredAt, rowid
            """, arguments: arguments)
        var kept: [ContactEntry] = []
        for entry in try Array(rows.map(entry)) {
            let twin = kept.contains { k in
                k.source != entry.source && k.caller?.phone == entry.caller?.phone
                    && abs(k.offeredAt.timeIntervalSince(entry.offeredAt)) <= sameCallTolerance
            }
            if !twin { kept.append(entry) }
        }
        return kept
    }

    /// Two missed calls from one number recorded by different sources this close (seconds) are one call.
    public static let sameCallTolerance: TimeInterval = 60

    /// Every entry offered within `[from, to)`, oldest first (for the KPI module).
    public static func entries(from: Date, to: Date, in db: Database) throws -> [ContactEntry] {
        try Array(Row.fetchCursor(db, sql: "SELECT * FROM practice_contact WHERE offeredAt >= ? AND offeredAt < ? ORDER BY offeredAt, rowid",
                         arguments: [from.timeIntervalSince1970, to.timeIntervalSince1970]).map(entry))
    }

    static func entry(_ row: Row) -> ContactEntry {
        func date(_ c: String) -> Date? { (row[c] as Double?).map(Date.init(timeIntervalSince1970:)) }
        let caller: ContactEntry.Caller? = (row["callerName"] as String?) == nil && (row["callerPhone"] as String?) == nil
            && (row["callerRelationship"] as String?) == nil ? nil
            : .init(name: row["callerName"], phone: row["callerPhone"], relationship: (row["callerRelationship"] as String?).flatMap(ContactEntry.Relationship.init))
        return ContactEntry(id: row["id"], channel: ContactEntry.Channel(rawValue: row["channel"]) ?? .phone,
                            direction: ContactEntry.Direction(rawValue: row["direction"]) ?? .inbound, patientId: row["patientId"],
                            caller: caller, motive: ContactEntry.Motive(rawValue: row["motive"]) ?? .other, subject: row["subject"],
                            offeredAt: date("offeredAt")!, answeredAt: date("answeredAt"), endedAt: date("endedAt"),
                            abandonedAt: date("abandonedAt"), agent: row["agent"], outcome: row["outcome"], notes: row["notes"],
                            source: row["source"], reference: row["reference"], kind: row["kind"])
    }
}
