import Foundation
import GRDB
import Practice

/// How the agenda checks that a patient exists and learns the name shown in calendars.
///
/// The agenda never owns patients: the Practice module does. A lookup answers nil for an unknown id
/// (the booking then fails with -32004).
public protocol PatientLookup: Sendable {
    /// The patient's display name (`NOM Prénom`), `.some(nil)` when known without a name, nil when unknown.
    func patientName(id: String, in db: Database) throws -> String??
}

/// The default lookup: the Practice module's patient register (`PatientRegistry`).
///
/// The id must be a patient registered with `patients.create`; the calendar shows `NOM Prénom`.
public struct PracticePatientLookup: PatientLookup {
    public init() {}

    public func patientName(id: String, in db: Database) throws -> String?? {
        guard !id.isEmpty, let patient = try PatientRegistry.patient(id, in: db) else { return nil }
        return .some("\(patient.lastName.uppercased()) \(patient.firstName)")
    }
}

/// A fixed register of patients (id → name), for tests and benchmarks.
public struct FixedPatientLookup: PatientLookup {
    public let names: [String: String]
    public init(_ names: [String: String]) { self.names = names }
    public func patientName(id: String, in db: Database) throws -> String?? {
        names[id].map { .some($0) }
    }
}
