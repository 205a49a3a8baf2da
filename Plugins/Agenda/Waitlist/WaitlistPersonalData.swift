import Foundation
import JSONRPC
import Kernel

/// The reminders' and the waiting list's part of the data lifecycle (`agenda_reminder`,
/// `agenda_waitlist`, `agenda_offer`).
///
/// Rows belong to the subject when they are the patient's (waiting-list entries, offers) or were
/// sent to one of the subject's numbers. Erasure takes the patient off the waiting list (status
/// `removed`), blanks the numbers and the entries' notes; statuses and times stay, so the figures
/// do not change. The opt-out list (Notify's) keeps the number: it records a refusal.
struct WaitlistPersonalData: PersonalDataHolder {
    let name = "remindersAndWaitlist"
    /// The practice of the host that registered it: only its rows are exported or erased.
    let practiceId: String

    func export(_ subject: PersonalDataSubject, in db: any StoreConnection) throws -> JSONValue {
        try WaitlistStore.exportPersonalData(subject, practiceId: practiceId, in: db)
    }

    func erase(_ subject: PersonalDataSubject, at now: Date, in db: any StoreConnection) throws -> Int {
        try WaitlistStore.erasePersonalData(subject, practiceId: practiceId, in: db)
    }
}
