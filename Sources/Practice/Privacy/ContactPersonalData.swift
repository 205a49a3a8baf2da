import Foundation
import GRDB
import JSONRPC
import Kernel

/// The contact journal's part of the data lifecycle (`practice_contact`).
///
/// A contact belongs to the subject when it names the patient or came from one of the subject's
/// numbers. Erasure removes the caller (name, number, relationship), notes and outcome, and
/// replaces each subject by a neutral one (`sujet 1`, `sujet 2`…) that keeps equal subjects
/// equal, so that recontact figures stay the same; channel, direction, motive, times, agent and
/// the patient id stay. Retention (`contacts`) deletes entries offered before the cutoff.
struct ContactPersonalData: PersonalDataHolder {
    let name = "contacts"

    private func condition(_ subject: PersonalDataSubject) -> (String, StatementArguments) {
        let phones = PersonalDataRows.phoneArguments(subject)
        return ("patientId = ? OR callerPhone IN \(PersonalDataRows.placeholders(phones.count))",
                [subject.patientId] + StatementArguments(phones))
    }

    func export(_ subject: PersonalDataSubject, in db: Database) throws -> JSONValue {
        let (sql, arguments) = condition(subject)
        return try PersonalDataRows.fetch(db, sql: "SELECT * FROM practice_contact WHERE \(sql) ORDER BY offeredAt, rowid", arguments: arguments)
    }

    func erase(_ subject: PersonalDataSubject, at now: Date, in db: Database) throws -> Int {
        let (sql, arguments) = condition(subject)
        var neutral: [String: String] = [:]
        var changed = 0
        for row in try Row.fetchAll(db, sql: "SELECT id, subject FROM practice_contact WHERE \(sql) ORDER BY offeredAt, rowid", arguments: arguments) {
            var replacement: String? = nil
            if let s = row["subject"] as String? {
                let folded = TextFolding.fold(s)
                if folded.isEmpty {
                    replacement = ""
                } else {
                    if neutral[folded] == nil { neutral[folded] = "sujet \(neutral.count + 1)" }
                    replacement = neutral[folded]
                }
            }
            try db.execute(sql: """
                UPDATE practice_contact SET callerName = NULL, callerPhone = NULL, callerRelationship = NULL, subject = ?,
                  notes = NULL, outcome = NULL WHERE id = ?
                """, arguments: [replacement, row["id"] as String])
            changed += 1
        }
        return changed
    }

    func purge(_ retention: RetentionPolicy, now: Date, in db: Database) throws -> [String: Int] {
        try db.execute(sql: "DELETE FROM practice_contact WHERE offeredAt < ?", arguments: [retention.cutoff(.contacts, now: now).timeIntervalSince1970])
        return ["contacts": db.changesCount]
    }
}
