import Foundation
import GRDB
import Kernel

/// The patient file (tables `practice_patient`, `practice_related_person` and
/// `practice_patient_follower`) and the service
/// other modules use to check a patient inside their own transactions.
///
/// Other modules never read these tables: they call `exists(_:in:)`, `summary(_:in:)`,
/// `patient(_:in:)`, `followedBy(_:in:)` or `patientIds(phone:in:)` with the `Database` of their transaction, so
/// that what they read is consistent with what they write.
public enum PatientRegistry {
    static func migrate(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("practice.patients") { db in
            try db.create(table: "practice_patient") { t in
                t.column("id", .text).primaryKey()
                t.column("lastName", .text).notNull()
                t.column("firstName", .text).notNull()
                t.column("birthDate", .text).notNull().indexed()
                t.column("phone", .text).notNull().indexed()
                t.column("email", .text)
                t.column("street", .text)
                t.column("postalCode", .text)
                t.column("city", .text)
                t.column("country", .text)
                t.column("regime", .text)
                t.column("mutuelle", .text)
                t.column("tiersPayant", .boolean)
                t.column("duplicateKey", .text).notNull().indexed()
                t.column("searchText", .text).notNull()
                t.column("version", .integer).notNull()
                t.column("createdAt", .double).notNull()
                t.column("updatedAt", .double).notNull()
            }
            try db.create(table: "practice_related_person") { t in
                t.column("id", .text).primaryKey()
                t.column("patientId", .text).notNull().indexed().references("practice_patient", onDelete: .cascade)
                t.column("position", .integer).notNull()
                t.column("relationship", .text).notNull()
                t.column("name", .text).notNull()
                t.column("phone", .text).notNull().indexed()
            }
        }
        // The practitioners following each patient, in the order given.
        migrator.registerMigration("practice.patients.v2-followers") { db in
            try db.execute(sql: """
                CREATE TABLE practice_patient_follower(
                  patientId TEXT NOT NULL REFERENCES practice_patient(id) ON DELETE CASCADE,
                  practitionerId TEXT NOT NULL,
                  position INTEGER NOT NULL,
                  PRIMARY KEY(patientId, practitionerId)) WITHOUT ROWID
                """)
        }
    }

    // MARK: - The service other modules call

    /// True when a patient with this id exists. A database error reads as false (the caller's
    /// transaction will meet the same error on its next statement).
    public static func exists(_ id: String, in db: Database) -> Bool {
        ((try? Bool.fetchOne(db, sql: "SELECT 1 FROM practice_patient WHERE id = ?", arguments: [id])) ?? nil) ?? false
    }

    /// The patient's full name ("Hélène Lefèvre-Dubois") and E.164 phone, or nil when unknown.
    public static func summary(_ id: String, in db: Database) -> (name: String, phone: String)? {
        guard let row = try? Row.fetchOne(db, sql: "SELECT firstName, lastName, phone FROM practice_patient WHERE id = ?", arguments: [id])
        else { return nil }
        return (name: "\(row["firstName"] as String) \(row["lastName"] as String)", phone: row["phone"])
    }

    /// The whole record, related persons included, or nil when unknown.
    public static func patient(_ id: String, in db: Database) throws -> Patient? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM practice_patient WHERE id = ?", arguments: [id]) else { return nil }
        return try patient(row, in: db)
    }

    /// Ids of the practitioners following the patient (`Patient.followedBy`), or nil when the
    /// patient is unknown. Two indexed reads, for the agenda's searches.
    public static func followedBy(_ id: String, in db: Database) throws -> [String]? {
        guard try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM practice_patient WHERE id = ?"), arguments: [id]) != nil
        else { return nil }
        return try followers(of: id, in: db)
    }

    private static func followers(of id: String, in db: Database) throws -> [String] {
        try String.fetchAll(db.cachedStatement(sql: "SELECT practitionerId FROM practice_patient_follower WHERE patientId = ? ORDER BY position"),
                            arguments: [id])
    }

    /// Ids of the patients reachable at `phone` (E.164): their own number or one of their related persons'.
    public static func patientIds(phone: String, in db: Database) throws -> [String] {
        try String.fetchAll(db, sql: """
            SELECT id FROM practice_patient WHERE phone = ?1
            UNION SELECT patientId FROM practice_related_person WHERE phone = ?1
            ORDER BY 1
            """, arguments: [phone])
    }

    // MARK: - Storage (this module's methods)

    static func newID(_ prefix: String) -> String {
        prefix + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(20).lowercased()
    }

    /// The id of another patient with the same duplicate key, if any.
    static func duplicate(of patient: Patient, in db: Database) throws -> String? {
        try String.fetchOne(db, sql: "SELECT id FROM practice_patient WHERE duplicateKey = ? AND id <> ? ORDER BY createdAt LIMIT 1",
                            arguments: [patient.duplicateKey, patient.id])
    }

    static func insert(_ p: Patient, in db: Database) throws {
        try db.execute(sql: """
            INSERT INTO practice_patient(id, lastName, firstName, birthDate, phone, email, street, postalCode, city, country,
              regime, mutuelle, tiersPayant, duplicateKey, searchText, version, createdAt, updatedAt)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [p.id, p.lastName, p.firstName, p.birthDate.description, p.phone, p.email, p.address?.street,
                             p.address?.postalCode, p.address?.city, p.address?.country, p.insurance?.regime, p.insurance?.mutuelle,
                             p.insurance?.tiersPayant, p.duplicateKey, p.searchText, p.version,
                             p.createdAt.timeIntervalSince1970, p.updatedAt.timeIntervalSince1970])
        try saveRelatedPersons(p, in: db)
    }

    static func update(_ p: Patient, in db: Database) throws {
        try db.execute(sql: """
            UPDATE practice_patient SET lastName = ?, firstName = ?, birthDate = ?, phone = ?, email = ?, street = ?, postalCode = ?,
              city = ?, country = ?, regime = ?, mutuelle = ?, tiersPayant = ?, duplicateKey = ?, searchText = ?, version = ?, updatedAt = ?
            WHERE id = ?
            """, arguments: [p.lastName, p.firstName, p.birthDate.description, p.phone, p.email, p.address?.street,
                             p.address?.postalCode, p.address?.city, p.address?.country, p.insurance?.regime, p.insurance?.mutuelle,
                             p.insurance?.tiersPayant, p.duplicateKey, p.searchText, p.version, p.updatedAt.timeIntervalSince1970, p.id])
        try db.execute(sql: "DELETE FROM practice_related_person WHERE patientId = ?", arguments: [p.id])
        try db.execute(sql: "DELETE FROM practice_patient_follower WHERE patientId = ?", arguments: [p.id])
        try saveRelatedPersons(p, in: db)
    }

    private static func saveRelatedPersons(_ p: Patient, in db: Database) throws {
        for (i, r) in p.relatedPersons.enumerated() {
            try db.execute(sql: "INSERT INTO practice_related_person(id, patientId, position, relationship, name, phone) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [r.id, p.id, i, r.relationship.rawValue, r.name, r.phone])
        }
        for (i, practitionerId) in p.followedBy.enumerated() {
            try db.execute(sql: "INSERT INTO practice_patient_follower(patientId, practitionerId, position) VALUES (?, ?, ?)",
                           arguments: [p.id, practitionerId, i])
        }
    }

    /// Patients matching every given criterion, ordered by folded last then first name; at most
    /// `limit` of them, and whether more matched.
    ///
    /// `words` are folded query words, each a prefix of some word of the names; `phone` matches the
    /// patient's number or a related person's.
    /// Patients in `searchText, id` order, after `after` (the key of the previous page's last one);
    /// `last` is the key of the last patient returned.
    static func search(words: [String], birthDate: LocalDate?, phone: String?, after: [PageKey]? = nil, limit: Int,
                       in db: Database) throws -> (patients: [Patient], more: Bool, last: [PageKey]?) {
        var sql = """
            SELECT * FROM practice_patient p
            WHERE (?1 IS NULL OR birthDate = ?1)
              AND (?2 IS NULL OR phone = ?2 OR EXISTS (SELECT 1 FROM practice_related_person r WHERE r.patientId = p.id AND r.phone = ?2))
            """
        var arguments: StatementArguments = [birthDate?.description, phone]
        // A coarse filter in SQL (each word somewhere in the folded names), refined below.
        // Folded words hold only letters and digits, so they need no LIKE escaping.
        for word in words {
            sql += " AND searchText LIKE ?"
            arguments += ["%" + word + "%"]
        }
        if let after {
            sql += " AND (searchText, id) > (?, ?)"
            arguments += [after[0].databaseValue, after[1].databaseValue]
        }
        sql += " ORDER BY searchText, id"
        var found: [Patient] = []
        var last: [PageKey]?
        for row in try Row.fetchAll(db, sql: sql, arguments: arguments) {
            let text: String = row["searchText"]
            let names = text.split(separator: " ")
            guard words.allSatisfy({ w in names.contains { $0.hasPrefix(w) } }) else { continue }
            if found.count == limit { return (found, true, last) }
            found.append(try patient(row, in: db))
            last = [.text(text), .text(row["id"])]
        }
        return (found, false, last)
    }

    private static func patient(_ row: Row, in db: Database) throws -> Patient {
        let id: String = row["id"]
        let related = try Array(Row.fetchCursor(db, sql: "SELECT * FROM practice_related_person WHERE patientId = ? ORDER BY position", arguments: [id])
            .map { RelatedPerson(id: $0["id"], relationship: RelatedPerson.Relationship(rawValue: $0["relationship"]) ?? .other,
                                 name: $0["name"], phone: $0["phone"]) })
        let street: String? = row["street"], postalCode: String? = row["postalCode"], city: String? = row["city"], country: String? = row["country"]
        let address = [street, postalCode, city, country].allSatisfy({ $0 == nil }) ? nil
            : Patient.Address(street: street, postalCode: postalCode, city: city, country: country)
        let regime: String? = row["regime"], mutuelle: String? = row["mutuelle"], tiersPayant: Bool? = row["tiersPayant"]
        let insurance = regime == nil && mutuelle == nil && tiersPayant == nil ? nil
            : Patient.Insurance(regime: regime, mutuelle: mutuelle, tiersPayant: tiersPayant)
        return Patient(id: id, lastName: row["lastName"], firstName: row["firstName"], birthDate: LocalDate(row["birthDate"] as String)!,
                       phone: row["phone"], email: row["email"], address: address, insurance: insurance, relatedPersons: related,
                       followedBy: try followers(of: id, in: db), version: row["version"], createdAt: Date(timeIntervalSince1970: row["createdAt"]),
                       updatedAt: Date(timeIntervalSince1970: row["updatedAt"]))
    }
}
