import Foundation
import GRDB
import JSONRPC

/// The outbox's part of the data lifecycle: SMS texts and webhook bodies that name a patient.
///
/// A notification belongs to the subject when it goes to one of the subject's numbers or its
/// payload mentions the patient id (as a JSON string), one of the numbers or an identifying string. Erasure empties
/// payload and destination (an SMS still pending is not sent: it is marked dead, "erased"); the
/// row, its channel, event, status and attempts stay for the delivery figures.
struct OutboxPersonalData: PersonalDataHolder {
    let name = "outbox"

    private func ids(_ subject: PersonalDataSubject, in db: Database) throws -> [Int64] {
        let phones = PersonalDataRows.phoneArguments(subject)
        var ids = try Int64.fetchAll(db, sql: "SELECT id FROM outbox WHERE destination IN \(PersonalDataRows.placeholders(phones.count))",
                                     arguments: StatementArguments(phones))
        // Payloads are searched for every needle in SQL first (instr is exact), then identifiers
        // again without case or accents.
        let needles = subject.needles
        let clauses = needles.map { _ in "instr(payload, ?) > 0" }.joined(separator: " OR ")
        ids += try Int64.fetchAll(db, sql: "SELECT id FROM outbox WHERE payload <> '' AND (\(clauses))", arguments: StatementArguments(needles))
        let seen = Set(ids)
        for row in try Row.fetchAll(db, sql: "SELECT id, payload FROM outbox WHERE payload <> ''") {
            let id: Int64 = row["id"]
            if !seen.contains(id), subject.isMentioned(in: row["payload"]) { ids.append(id) }
        }
        return Array(Set(ids)).sorted()
    }

    func export(_ subject: PersonalDataSubject, in db: Database) throws -> JSONValue {
        let ids = try ids(subject, in: db)
        guard !ids.isEmpty else { return .array([]) }
        return try PersonalDataRows.fetch(db, sql: """
            SELECT messageId, channel, destination, event, payload, status, attempts, createdAt, updatedAt
            FROM outbox WHERE id IN \(PersonalDataRows.placeholders(ids.count)) ORDER BY id
            """, arguments: StatementArguments(ids))
    }

    func erase(_ subject: PersonalDataSubject, at now: Date, in db: Database) throws -> Int {
        let ids = try ids(subject, in: db)
        guard !ids.isEmpty else { return 0 }
        try db.execute(sql: """
            UPDATE outbox SET payload = '', destination = '', updatedAt = ?,
              status = CASE WHEN status IN ('pending', 'inflight') THEN 'dead' ELSE status END,
              lastError = CASE WHEN status IN ('pending', 'inflight') THEN 'erased' ELSE lastError END
            WHERE id IN \(PersonalDataRows.placeholders(ids.count))
            """, arguments: [now.timeIntervalSince1970] + StatementArguments(ids))
        return ids.count
    }

    func purge(_ retention: RetentionPolicy, now: Date, in db: Database) throws -> [String: Int] {
        try db.execute(sql: "DELETE FROM outbox WHERE status IN ('delivered', 'dead') AND updatedAt < ?",
                       arguments: [retention.cutoff(.outbox, now: now).timeIntervalSince1970])
        return ["outbox": db.changesCount]
    }
}
