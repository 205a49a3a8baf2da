import Foundation
package import Kernel
import Practice

/// How the agenda checks that a patient exists, learns the name shown in calendars and the
/// practitioners who follow the patient.
///
/// The agenda never owns patients: the Practice module does. A lookup answers nil for an unknown id
/// (the booking or search then fails with -32004).
package protocol PatientLookup: Sendable {
    /// The patient's display name (`NOM Prénom`), `.some(nil)` when known without a name, nil when unknown.
    func patientName(id: String, in db: any StoreConnection) throws -> String??
    /// Ids of the practitioners following the patient (`followedBy` of the patient record), nil when unknown.
    func followedBy(id: String, in db: any StoreConnection) throws -> [String]?
    /// The patient's phone in E.164, nil when unknown or without one (reminders and offers go there).
    func phone(id: String, in db: any StoreConnection) throws -> String?
}

extension PatientLookup {
    /// By default a known patient is followed by nobody.
    package func followedBy(id: String, in db: any StoreConnection) throws -> [String]? {
        try patientName(id: id, in: db) == nil ? nil : []
    }

    /// By default no phone is known.
    package func phone(id: String, in db: any StoreConnection) throws -> String? { nil }
}

/// The default lookup: the Practice module's patient register (`PatientRegistry`).
///
/// The id must be a patient registered with `patients.create`; the calendar shows `NOM Prénom`.
package struct PracticePatientLookup: PatientLookup {
    /// The practice whose patient file is read.
    package let practiceId: String

    package init(practiceId: String) { self.practiceId = practiceId }

    package func patientName(id: String, in db: any StoreConnection) throws -> String?? {
        guard !id.isEmpty, let name = try PatientRegistry.calendarName(id, practiceId: practiceId, in: db) else { return nil }
        return .some(name)
    }

    package func followedBy(id: String, in db: any StoreConnection) throws -> [String]? {
        id.isEmpty ? nil : try PatientRegistry.followedBy(id, practiceId: practiceId, in: db)
    }

    package func phone(id: String, in db: any StoreConnection) throws -> String? {
        guard !id.isEmpty, let patient = PatientRegistry.summary(id, practiceId: practiceId, in: db) else { return nil }
        return (try? PhoneNumber(patient.phone))?.e164
    }
}

/// A fixed register of patients (id → name, id → practitioners following them, id → phone), for tests and benchmarks.
package struct FixedPatientLookup: PatientLookup {
    package let names: [String: String]
    package let followers: [String: [String]]
    package let phones: [String: String]
    package init(_ names: [String: String], followers: [String: [String]] = [:], phones: [String: String] = [:]) {
        self.names = names
        self.followers = followers
        self.phones = phones
    }
    package func phone(id: String, in db: any StoreConnection) throws -> String? { phones[id] }
    package func patientName(id: String, in db: any StoreConnection) throws -> String?? {
        names[id].map { .some($0) }
    }
    package func followedBy(id: String, in db: any StoreConnection) throws -> [String]? {
        names[id] == nil ? nil : followers[id] ?? []
    }
}
