import Foundation
import GRDB

/// How the agenda checks that a patient exists and learns the name shown in calendars.
///
/// The agenda never owns patients: the Practice module does. A lookup answers nil for an unknown id
/// (the booking then fails with -32004).
public protocol PatientLookup: Sendable {
    /// The patient's display name (`NOM Prénom`), `.some(nil)` when known without a name, nil when unknown.
    func patientName(id: String, in db: Database) throws -> String??
}

/// The default lookup: the Practice module's patient register when it is installed.
///
/// When the `practice_patient` table exists the id must be in it (its name columns give the display
/// name); until the Practice module registers patients, ids are taken as references to the practice's
/// own software and accepted as they are.
public struct PracticePatientLookup: PatientLookup {
    public init() {}

    public func patientName(id: String, in db: Database) throws -> String?? {
        guard !id.isEmpty else { return nil }
        guard try db.tableExists("practice_patient") else { return .some(nil) }
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM practice_patient WHERE id = ?", arguments: [id]) else { return nil }
        let last: String? = row.hasColumn("lastName") ? row["lastName"] : nil
        let first: String? = row.hasColumn("firstName") ? row["firstName"] : nil
        let whole: String? = row.hasColumn("name") ? row["name"] : nil
        let parts = [last?.uppercased(), first].compactMap { $0 }.filter { !$0.isEmpty }
        return .some(parts.isEmpty ? whole : parts.joined(separator: " "))
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
