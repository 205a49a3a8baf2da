import Foundation
package import Kernel

/// The patient file's service: what other modules use to check a patient inside their own
/// transactions (its tables, `practice_patient`, `practice_related_person` and
/// `practice_patient_follower`, and their SQL are `PracticeStore`'s).
///
/// Other modules never read these tables: they call `exists(_:practiceId:in:)`, `summary`, `patient`,
/// `followedBy` or `patientIds(phone:practiceId:in:)` with the connection of their transaction, so
/// that what they read is consistent with what they write, and the practice the request acts for
/// (`ctx.practiceId`; `host.practiceId` in background work): a patient of another practice is unknown.
package enum PatientRegistry {
    // MARK: - The service other modules call

    /// True when a patient of the practice with this id exists. A database error reads as false
    /// (the caller's transaction will meet the same error on its next statement).
    package static func exists(_ id: String, practiceId: String, in db: any StoreConnection) -> Bool {
        PracticeStore.exists(id, practiceId: practiceId, in: db)
    }

    /// The patient's full name ("Hélène Lefèvre-Dubois") and E.164 phone, or nil when unknown in the practice.
    package static func summary(_ id: String, practiceId: String, in db: any StoreConnection) -> (name: String, phone: String)? {
        PracticeStore.summary(id, practiceId: practiceId, in: db)
    }

    /// The whole record, related persons included, or nil when unknown in the practice.
    package static func patient(_ id: String, practiceId: String, in db: any StoreConnection) throws -> Patient? {
        try PracticeStore.patient(id, practiceId: practiceId, in: db)
    }

    /// The patient's name as calendars show it (`NOM Prénom`), or nil when unknown in the practice.
    package static func calendarName(_ id: String, practiceId: String, in db: any StoreConnection) throws -> String? {
        try PracticeStore.calendarName(id, practiceId: practiceId, in: db)
    }

    /// Ids of the practitioners following the patient (`Patient.followedBy`), or nil when the
    /// patient is unknown in the practice. One indexed read, for the agenda's searches.
    package static func followedBy(_ id: String, practiceId: String, in db: any StoreConnection) throws -> [String]? {
        try PracticeStore.followedBy(id, practiceId: practiceId, in: db)
    }

    /// Ids of the practice's patients reachable at `phone` (E.164): their own number or one of their related persons'.
    package static func patientIds(phone: String, practiceId: String, in db: any StoreConnection) throws -> [String] {
        try PracticeStore.patientIds(phone: phone, practiceId: practiceId, in: db)
    }

    // MARK: - This module's methods

    /// A new id: `prefix` and 20 hexadecimal digits.
    static func newID(_ prefix: String) -> String {
        RandomIdentifier.make(prefix, hexDigits: 20)
    }
}
