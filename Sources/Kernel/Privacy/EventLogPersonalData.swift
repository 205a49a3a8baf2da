import Foundation
import JSONRPC

/// The events nodes share (`kernel_event`, on a server only) as personal data: an event's params,
/// as consoles received them, may name a patient (an appointment's or a contact's summary).
///
/// An event belongs to the subject when its params mention the patient id, one of the numbers or
/// an identifying string (as the outbox's payloads). Erasure deletes those rows (the other nodes
/// have read them within a second; they are kept 5 minutes only for a node that paused); export
/// lists them. Rows older than 5 minutes are deleted by the event log itself, not by retention.
struct EventLogPersonalData: PersonalDataHolder {
    let name = "events"
    let practiceId: String

    func export(_ subject: PersonalDataSubject, in db: any StoreConnection) throws -> JSONValue {
        .array(
            try rows(subject, in: db).map { row in
                .object(["topic": .string(row["topic"]), "at": .number(String(row["at"] as Double)), "params": .string(row["params"])])
            })
    }

    func erase(_ subject: PersonalDataSubject, at now: Date, in db: any StoreConnection) throws -> Int {
        let seqs = try rows(subject, in: db).map { $0["seq"] as Int64 }
        guard !seqs.isEmpty else { return 0 }
        try db.run(
            "DELETE FROM kernel_event WHERE practiceId = ? AND seq IN \(PersonalDataRows.placeholders(seqs.count))",
            [practiceId] + StoreArguments(seqs))
        return seqs.count
    }

    /// The practice's events whose params mention the subject.
    private func rows(_ subject: PersonalDataSubject, in db: any StoreConnection) throws -> [StoreRow] {
        try db.rows("SELECT seq, topic, at, params FROM kernel_event WHERE practiceId = ? ORDER BY seq", [practiceId])
            .filter { row in
                let params: String = row["params"]
                return subject.needles.contains { params.contains($0) } || subject.isMentioned(in: params)
            }
    }
}
