import Foundation
import GRDB
import JSONRPC
import Kernel

/// The patient file's part of the data lifecycle (`practice_patient`, related persons, followers).
///
/// Erasure keeps the row and its id (figures count patients by id) and marks it `erasedAt`; names,
/// birth date (set to 0001-01-01), phone, email, address, insurance and related persons are
/// removed. The patient file has no retention class: it is kept as long as the practice is a client.
struct PatientPersonalData: PersonalDataHolder {
    let name = "patients"

    func export(_ subject: PersonalDataSubject, in db: Database) throws -> JSONValue {
        let id = subject.patientId
        return .object([
            "patient": try PersonalDataRows.fetch(db, sql: """
                SELECT id, lastName, firstName, birthDate, phone, email, street, postalCode, city, country, regime, mutuelle,
                  tiersPayant, version, createdAt, updatedAt, erasedAt FROM practice_patient WHERE id = ?
                """, arguments: [id]).arrayValue?.first ?? .null,
            "relatedPersons": try PersonalDataRows.fetch(db, sql: """
                SELECT id, relationship, name, phone FROM practice_related_person WHERE patientId = ? ORDER BY position
                """, arguments: [id]),
            "followedBy": .array(try String.fetchAll(db, sql: "SELECT practitionerId FROM practice_patient_follower WHERE patientId = ? ORDER BY position",
                                                     arguments: [id]).map(JSONValue.string)),
        ])
    }

    func erase(_ subject: PersonalDataSubject, at now: Date, in db: Database) throws -> Int {
        let id = subject.patientId
        try db.execute(sql: "DELETE FROM practice_related_person WHERE patientId = ?", arguments: [id])
        let related = db.changesCount
        try db.execute(sql: """
            UPDATE practice_patient SET lastName = '', firstName = '', birthDate = '0001-01-01', phone = '', email = NULL,
              street = NULL, postalCode = NULL, city = NULL, country = NULL, regime = NULL, mutuelle = NULL, tiersPayant = NULL,
              duplicateKey = 'erased:' || id, searchText = '', version = version + 1, updatedAt = ?1, erasedAt = ?1
            WHERE id = ?2
            """, arguments: [now.timeIntervalSince1970, id])
        return db.changesCount + related
    }

    /// Adds `erasedAt` to the patient file.
    static func migrate(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("practice.patients.v3-erasure") { db in
            try db.alter(table: "practice_patient") { t in t.add(column: "erasedAt", .double) }
        }
    }

    /// When the patient was erased, or nil (also for an unknown patient).
    static func erasedAt(_ id: String, in db: Database) throws -> Date? {
        try Double.fetchOne(db, sql: "SELECT erasedAt FROM practice_patient WHERE id = ?", arguments: [id]).map(Date.init(timeIntervalSince1970:))
    }
}
