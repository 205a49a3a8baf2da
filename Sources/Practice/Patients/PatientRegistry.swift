import Foundation
import GRDB
import Kernel

/// The patient file's service: what other modules use to check a patient inside their own
/// transactions (its tables, `practice_patient`, `practice_related_person` and
/// `practice_patient_follower`, and their SQL are `PracticeStore`'s).
///
/// Other modules never read these tables: they call `exists(_:in:)`, `summary(_:in:)`,
/// `patient(_:in:)`, `followedBy(_:in:)` or `patientIds(phone:in:)` with the `Database` of their transaction, so
/// that what they read is consistent with what they write.
package enum PatientRegistry {
    // MARK: - The service other modules call

    /// True when a patient with this id exists. A database error reads as false (the caller's
    /// transaction will meet the same error on its next statement).
    package static func exists(_ id: String, in db: Database) -> Bool { PracticeStore.exists(id, in: db) }

    /// The patient's full name ("Hélène Lefèvre-Dubois") and E.164 phone, or nil when unknown.
    package static func summary(_ id: String, in db: Database) -> (name: String, phone: String)? { PracticeStore.summary(id, in: db) }

    /// The whole record, related persons included, or nil when unknown.
    package static func patient(_ id: String, in db: Database) throws -> Patient? { try PracticeStore.patient(id, in: db) }

    /// Ids of the practitioners following the patient (`Patient.followedBy`), or nil when the
    /// patient is unknown. Two indexed reads, for the agenda's searches.
    package static func followedBy(_ id: String, in db: Database) throws -> [String]? { try PracticeStore.followedBy(id, in: db) }

    /// Ids of the patients reachable at `phone` (E.164): their own number or one of their related persons'.
    package static func patientIds(phone: String, in db: Database) throws -> [String] { try PracticeStore.patientIds(phone: phone, in: db) }

    // MARK: - This module's methods

    /// A new id: `prefix` and 20 hexadecimal digits.
    static func newID(_ prefix: String) -> String {
        prefix + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(20).lowercased()
    }
}
