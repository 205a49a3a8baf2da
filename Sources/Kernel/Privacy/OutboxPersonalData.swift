import Foundation
import JSONRPC

/// The outbox's part of the data lifecycle: SMS texts and webhook bodies that name a patient.
///
/// A notification belongs to the subject when it goes to one of the subject's numbers or its
/// payload mentions the patient id (as a JSON string), one of the numbers or an identifying string. Erasure empties
/// payload and destination (an SMS still pending is not sent: it is marked dead, "erased"); the
/// row, its channel, event, status and attempts stay for the delivery figures.
struct OutboxPersonalData: PersonalDataHolder {
    let name = "outbox"
    let practiceId: String

    func export(_ subject: PersonalDataSubject, in db: any StoreConnection) throws -> JSONValue {
        try KernelStore.exportOutbox(subject, practiceId: practiceId, in: db)
    }

    func erase(_ subject: PersonalDataSubject, at now: Date, in db: any StoreConnection) throws -> Int {
        try KernelStore.eraseOutbox(subject, practiceId: practiceId, at: now, in: db)
    }

    func purge(_ retention: RetentionPolicy, now: Date, in db: any StoreConnection) throws -> [String: Int] {
        ["outbox": try KernelStore.purgeOutbox(before: retention.cutoff(.outbox, now: now), practiceId: practiceId, in: db)]
    }
}
