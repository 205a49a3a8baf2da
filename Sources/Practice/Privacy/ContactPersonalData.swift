import Foundation
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
    /// The host's practice: only its journal is exported, erased and purged.
    let practiceId: String
    let name = "contacts"

    func export(_ subject: PersonalDataSubject, in db: any StoreConnection) throws -> JSONValue {
        try PracticeStore.exportContacts(subject, practiceId: practiceId, in: db)
    }

    func erase(_ subject: PersonalDataSubject, at now: Date, in db: any StoreConnection) throws -> Int {
        try PracticeStore.eraseContacts(subject, practiceId: practiceId, in: db)
    }

    func purge(_ retention: RetentionPolicy, now: Date, in db: any StoreConnection) throws -> [String: Int] {
        ["contacts": try PracticeStore.purgeContacts(offeredBefore: retention.cutoff(.contacts, now: now), practiceId: practiceId, in: db)]
    }
}
