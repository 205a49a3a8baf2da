import Foundation
import GRDB
import Kernel
import Practice

/// How the agenda checks that a patient exists, learns the name shown in calendars and the
/// practitioners who follow the patient.
///
/// The agenda never owns patients: the Practice module does. A lookup answers nil for an unknown id
/// (the booking or search then fails with -32004).
public protocol PatientLookup: Sendable {
    /// The patient's display name (`NOM Prénom`), `.some(nil)` when known without a name, nil when unknown.
    func patientName(id: String, in db: Database) throws -> String??
    /// Ids of the practitioners following the patient (`followedBy` of the patient record), nil when unknown.
    func followedBy(id: String, in db: Database) throws -> [String]?
    /// The patient's phone in E.164, nil when unknown or without one (reminders and offers go there).
    func phone(id: String, in db: Database) throws -> String?
}

extension PatientLookup {
    /// By default a known patient is followed by nobody.
    public func followedBy(id: String, in db: Database) throws -> [String]? {
        try patientName(id: id, in: db) == nil ? nil : []
    }

    /// By default no phone is known.
    public func phone(id: String, in db: Database) throws -> String? { nil }
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

    public func followedBy(id: String, in db: Database) throws -> [String]? {
        id.isEmpty ? nil : try PatientRegistry.followedBy(id, in: db)
    }

    public func phone(id: String, in db: Database) throws -> String? {
        guard !id.isEmpty, let patient = try PatientRegistry.patient(id, in: db) else { return nil }
        return (try? PhoneNumber(patient.phone))?.e164
    }
}

/// A fixed register of patients (id → name, id → practitioners following them, id → phone), for tests and benchmarks.
public struct FixedPatientLookup: PatientLookup {
    public let names: [String: String]
    public let followers: [String: [String]]
    public let phones: [String: String]
    public init(_ names: [String: String], followers: [String: [String]] = [:], phones: [String: String] = [:]) {
        self.names = names
        self.followers = followers
        self.phones = phones
    }
    public func phone(id: String, in db: Database) throws -> String? { phones[id] }
    public func patientName(id: String, in db: Database) throws -> String?? {
        names[id].map { .some($0) }
    }
    public func followedBy(id: String, in db: Database) throws -> [String]? {
        names[id] == nil ? nil : followers[id] ?? []
    }
}
