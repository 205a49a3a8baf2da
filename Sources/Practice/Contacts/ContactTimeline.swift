import Foundation
import GRDB
import Kernel

/// A patient's contact history: every journal entry about the patient, plus the entries from
/// their phone numbers that no one attached to a patient, such as an abandoned call or a call
/// imported from the telephony's log, so that nothing said from those numbers is missed. Their
/// numbers are their own and their related persons', and every number a contact recorded for the
/// patient came from (the callback number of a message, a proxy's phone).
///
/// Each item tells how it matched: `patient` (recorded for this patient) or `phone` (recorded
/// without a patient, from one of these numbers).
struct ContactTimeline {
    struct Item: Encodable, Sendable {
        let entry: ContactEntry
        let match: String

        func encode(to encoder: any Encoder) throws {
            try entry.encode(to: encoder)
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(match, forKey: .match)
        }
        private enum Key: String, CodingKey { case match }
    }

    /// One page of the patient's timeline, oldest first (`offeredAt, rowid`), within `[from, to)`,
    /// after `after` (the key of the previous page's last item), each item with its key.
    static func patient(_ patientId: String, phones registered: [String], from: Date?, to: Date?, after: [PageKey]?, limit: Int,
                        in db: Database) throws -> [(key: [PageKey], item: Item)] {
        var phones = registered
        for phone in try String.fetchAll(db, sql: """
            SELECT DISTINCT callerPhone FROM practice_contact WHERE patientId = ? AND callerPhone IS NOT NULL
            """, arguments: [patientId]) where !phones.contains(phone) {
            phones.append(phone)
        }
        let phoneList = phones.isEmpty ? "NULL" : phones.indices.map { "?\($0 + 7)" }.joined(separator: ", ")
        var arguments: StatementArguments = [patientId, from?.timeIntervalSince1970, to?.timeIntervalSince1970,
                                             after?[0].databaseValue, after?[1].databaseValue, limit]
        arguments += StatementArguments(phones)
        let rows = try Row.fetchCursor(db, sql: """
            SELECT rowid AS pageRowid, * FROM practice_contact
            WHERE (patientId = ?1 OR (patientId IS NULL AND callerPhone IN (\(phoneList))))
              AND (?2 IS NULL OR offeredAt >= ?2) AND (?3 IS NULL OR offeredAt < ?3)
              AND (?4 IS NULL OR (offeredAt, rowid) > (?4, ?5))
            ORDER BY offeredAt, rowid LIMIT ?6
            """, arguments: arguments)
        return try Array(rows.map { row in
            let entry = ContactJournal.entry(row)
            return (key: [.real(row["offeredAt"]), .int(row["pageRowid"])], item: Item(entry: entry, match: entry.patientId == nil ? "phone" : "patient"))
        })
    }

    /// One page of the entries whose caller phone is `phone` (E.164), oldest first, within `[from, to)`.
    static func phone(_ phone: String, from: Date?, to: Date?, after: [PageKey]?, limit: Int,
                      in db: Database) throws -> [(key: [PageKey], item: Item)] {
        let rows = try Row.fetchCursor(db, sql: """
            SELECT rowid AS pageRowid, * FROM practice_contact
            WHERE callerPhone = ?1 AND (?2 IS NULL OR offeredAt >= ?2) AND (?3 IS NULL OR offeredAt < ?3)
              AND (?4 IS NULL OR (offeredAt, rowid) > (?4, ?5))
            ORDER BY offeredAt, rowid LIMIT ?6
            """, arguments: [phone, from?.timeIntervalSince1970, to?.timeIntervalSince1970, after?[0].databaseValue, after?[1].databaseValue, limit])
        return try Array(rows.map { row in
            (key: [.real(row["offeredAt"]), .int(row["pageRowid"])], item: Item(entry: ContactJournal.entry(row), match: "phone"))
        })
    }
}
