import Foundation
import JSONRPC
import Kernel

/// Whether the caller counts as a new patient for each practitioner (`newPatient` of searches and
/// bookings).
///
/// An explicit `newPatient` wins, for every practitioner. Otherwise a patient is an existing patient
/// of the practitioners listed in their record's `followedBy` and of those they have an appointment
/// with that is not cancelled (past, or already booked), and a new patient of everyone else. With
/// neither a flag nor a patient, the caller is a new patient everywhere: a search then offers what
/// anyone may book, which is what booking an unknown patient will accept.
package struct PatientStanding: Sendable, Equatable {
    /// The explicit flag, when given.
    package let flag: Bool?
    /// Practitioners the patient is known to (followed by, or with an appointment).
    package let knownTo: Set<String>

    package init(flag: Bool?, knownTo: Set<String> = []) {
        self.flag = flag
        self.knownTo = knownTo
    }

    /// True when the caller is a new patient for this practitioner.
    package func isNew(for practitionerId: String) -> Bool {
        flag ?? !knownTo.contains(practitionerId)
    }

    /// Reads the patient's standing: -32004 naming `patientId` when the patient is unknown. With a
    /// flag the patient is still checked but their history is not read.
    static func of(patientId: String?, newPatient: Bool?, patients: any PatientLookup, practiceId: String, in db: any StoreConnection) throws -> PatientStanding
    {
        guard let patientId else { return PatientStanding(flag: newPatient) }
        guard let followers = try patients.followedBy(id: patientId, in: db) else {
            throw RPCError.notFound("patient \"\(patientId)\"", field: "patientId")
        }
        if let newPatient { return PatientStanding(flag: newPatient) }
        return PatientStanding(
            flag: nil, knownTo: Set(followers).union(try AgendaStore.practitionersSeen(patientId: patientId, practiceId: practiceId, in: db)))
    }
}
