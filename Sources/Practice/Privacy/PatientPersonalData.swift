import Foundation
import JSONRPC
import Kernel

/// The patient file's part of the data lifecycle (`practice_patient`, related persons, followers).
///
/// Erasure keeps the row and its id (figures count patients by id) and marks it `erasedAt`; names,
/// birth date (set to 0001-01-01), phone, email, address, insurance and related persons are
/// removed. The patient file has no retention class: it is kept as long as the practice is a client.
struct PatientPersonalData: PersonalDataHolder {
    /// The host's practice: only its patient file is exported or erased.
    let practiceId: String
    let name = "patients"

    func export(_ subject: PersonalDataSubject, in db: any StoreConnection) throws -> JSONValue {
        try PracticeStore.exportPatient(subject.patientId, practiceId: practiceId, in: db)
    }

    func erase(_ subject: PersonalDataSubject, at now: Date, in db: any StoreConnection) throws -> Int {
        try PracticeStore.erasePatient(subject.patientId, practiceId: practiceId, at: now, in: db)
    }
}
