import Foundation
import GRDB
import JSONRPC
import Kernel

/// Practice's tables and every query on them: the patient file (`practice_patient`,
/// `practice_related_person`, `practice_patient_follower`) and the contact journal
/// (`practice_contact`). No other file of the module holds SQL; other modules reach these tables
/// through `PatientRegistry` and `ContactJournal`, inside their own transactions.
///
/// Every row carries its practice (`practiceId`); every function reads or writes one practice's
/// rows only: a patient or an entry of another practice is unknown.
enum PracticeStore {
    // MARK: - Practices

    /// Gives every table its practice (`practiceId`, see `PracticeColumn`): rows already there
    /// belong to the database's owner. The indexes lookups use start with the practice (phone,
    /// birth date, duplicate key, a related person's phone, the journal's date), the journal's
    /// patient and caller indexes also hold the date (a timeline reads in order, without sorting),
    /// and the search reads the practice's patients in name order from an index.
    static func migratePractice(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("practice.v4-practice") { db in
            for table in ["practice_patient", "practice_related_person", "practice_patient_follower", "practice_contact"] {
                try PracticeColumn.add(to: table, in: db)
            }
            for (table, column, columns) in [
                ("practice_patient", "birthDate", "birthDate"), ("practice_patient", "phone", "phone"),
                ("practice_patient", "duplicateKey", "duplicateKey"), ("practice_related_person", "phone", "phone"),
                ("practice_contact", "patientId", "patientId, offeredAt"), ("practice_contact", "callerPhone", "callerPhone, offeredAt"),
                ("practice_contact", "offeredAt", "offeredAt")
            ] {
                try db.run("DROP INDEX \(table)_on_\(column)")
                try db.run("CREATE INDEX \(table)_practice_\(column) ON \(table)(practiceId, \(columns))")
            }
            try db.run("CREATE INDEX practice_patient_practice_search ON practice_patient(practiceId, searchText, id)")
        }
        // Most journal entries name no patient (a call imported from the telephony's log, a caller
        // not yet identified): the patient index holds only those that do, which every lookup by
        // patient reads, and an import of a year of calls does not write it.
        migrator.registerMigration("practice.v5-patient-entries") { db in
            try db.run("DROP INDEX practice_contact_practice_patientId")
            try db.run("CREATE INDEX practice_contact_practice_patientId ON practice_contact(practiceId, patientId, offeredAt) WHERE patientId IS NOT NULL")
        }
    }

    // MARK: - Patient file

    /// Registers the patient file: `practice_patient`, `practice_related_person`, `practice_patient_follower`.
    static func migratePatients(_ migrator: inout DatabaseMigrator) {
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
            try db.run(
                """
                CREATE TABLE practice_patient_follower(
                  patientId TEXT NOT NULL REFERENCES practice_patient(id) ON DELETE CASCADE,
                  practitionerId TEXT NOT NULL,
                  position INTEGER NOT NULL,
                  PRIMARY KEY(patientId, practitionerId)) WITHOUT ROWID
                """)
        }
    }

    /// True when a patient with this id exists. A database error reads as false (the caller's
    /// transaction will meet the same error on its next statement).
    static func exists(_ id: String, practiceId: String, in db: any StoreConnection) -> Bool {
        ((try? db.value(Bool.self, "SELECT 1 FROM practice_patient WHERE id = ? AND practiceId = ?", [id, practiceId], cached: true)) ?? nil)
            ?? false
    }

    /// The patient's full name ("Hélène Lefèvre-Dubois") and E.164 phone, or nil when unknown.
    static func summary(_ id: String, practiceId: String, in db: any StoreConnection) -> (name: String, phone: String)? {
        guard
            let row = try? db.row("SELECT firstName, lastName, phone FROM practice_patient WHERE id = ? AND practiceId = ?", [id, practiceId], cached: true)
        else { return nil }
        return (name: "\(row["firstName"] as String) \(row["lastName"] as String)", phone: row["phone"])
    }

    /// The whole record, related persons included, or nil when unknown.
    static func patient(_ id: String, practiceId: String, in db: any StoreConnection) throws -> Patient? {
        guard let row = try db.row("SELECT * FROM practice_patient WHERE id = ? AND practiceId = ?", [id, practiceId], cached: true)
        else { return nil }
        return try patient(row, in: db)
    }

    /// Ids of the practitioners following the patient (`Patient.followedBy`), or nil when the
    /// patient is unknown. One indexed read (a row per follower, one with NULL for none), for the
    /// agenda's searches and bookings.
    static func followedBy(_ id: String, practiceId: String, in db: any StoreConnection) throws -> [String]? {
        var known = false
        var followers: [String] = []
        try db.forEachRow(
            """
            SELECT f.practitionerId FROM practice_patient p
            LEFT JOIN practice_patient_follower f ON f.patientId = p.id AND f.practiceId = p.practiceId
            WHERE p.id = ? AND p.practiceId = ? ORDER BY f.position
            """, [id, practiceId], cached: true
        ) { row in
            known = true
            if let practitioner: String = row[0] { followers.append(practitioner) }
            return true
        }
        return known ? followers : nil
    }

    /// The patient's name as calendars show it (`NOM Prénom`), or nil when unknown. One indexed read.
    static func calendarName(_ id: String, practiceId: String, in db: any StoreConnection) throws -> String? {
        try db.row("SELECT firstName, lastName FROM practice_patient WHERE id = ? AND practiceId = ?", [id, practiceId], cached: true).map {
            "\(($0["lastName"] as String).uppercased()) \($0["firstName"] as String)"
        }
    }

    /// The practitioners following the patient, in order.
    private static func followers(of id: String, practiceId: String, in db: any StoreConnection) throws -> [String] {
        try db.values(
            String.self, "SELECT practitionerId FROM practice_patient_follower WHERE patientId = ? AND practiceId = ? ORDER BY position", [id, practiceId],
            cached: true)
    }

    /// Ids of the patients reachable at `phone` (E.164): their own number or one of their related persons'.
    static func patientIds(phone: String, practiceId: String, in db: any StoreConnection) throws -> [String] {
        try db.values(
            String.self,
            """
            SELECT id FROM practice_patient WHERE practiceId = ?2 AND phone = ?1
            UNION SELECT patientId FROM practice_related_person WHERE practiceId = ?2 AND phone = ?1
            ORDER BY 1
            """, [phone, practiceId], cached: true)
    }

    /// The id of another patient of the practice with the same duplicate key, if any.
    static func duplicate(of patient: Patient, practiceId: String, in db: any StoreConnection) throws -> String? {
        try db.value(
            String.self, "SELECT id FROM practice_patient WHERE practiceId = ? AND duplicateKey = ? AND id <> ? ORDER BY createdAt LIMIT 1",
            [practiceId, patient.duplicateKey, patient.id], cached: true)
    }

    /// Writes a new patient of the practice with their related persons and followers.
    static func insert(_ p: Patient, practiceId: String, in db: any StoreConnection) throws {
        try db.run(
            """
            INSERT INTO practice_patient(practiceId, id, lastName, firstName, birthDate, phone, email, street, postalCode, city, country,
              regime, mutuelle, tiersPayant, duplicateKey, searchText, version, createdAt, updatedAt)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                practiceId, p.id, p.lastName, p.firstName, p.birthDate.description, p.phone, p.email, p.address?.street,
                p.address?.postalCode, p.address?.city, p.address?.country, p.insurance?.regime, p.insurance?.mutuelle,
                p.insurance?.tiersPayant, p.duplicateKey, p.searchText, p.version,
                p.createdAt.timeIntervalSince1970, p.updatedAt.timeIntervalSince1970
            ])
        try saveRelatedPersons(p, practiceId: practiceId, in: db)
    }

    /// Rewrites a patient of the practice, their related persons and followers.
    static func update(_ p: Patient, practiceId: String, in db: any StoreConnection) throws {
        try db.run(
            """
            UPDATE practice_patient SET lastName = ?, firstName = ?, birthDate = ?, phone = ?, email = ?, street = ?, postalCode = ?,
              city = ?, country = ?, regime = ?, mutuelle = ?, tiersPayant = ?, duplicateKey = ?, searchText = ?, version = ?, updatedAt = ?
            WHERE id = ? AND practiceId = ?
            """,
            [
                p.lastName, p.firstName, p.birthDate.description, p.phone, p.email, p.address?.street,
                p.address?.postalCode, p.address?.city, p.address?.country, p.insurance?.regime, p.insurance?.mutuelle,
                p.insurance?.tiersPayant, p.duplicateKey, p.searchText, p.version, p.updatedAt.timeIntervalSince1970, p.id, practiceId
            ], cached: true)
        guard db.changedRows > 0 else { return }
        try db.run("DELETE FROM practice_related_person WHERE patientId = ? AND practiceId = ?", [p.id, practiceId], cached: true)
        try db.run("DELETE FROM practice_patient_follower WHERE patientId = ? AND practiceId = ?", [p.id, practiceId], cached: true)
        try saveRelatedPersons(p, practiceId: practiceId, in: db)
    }

    /// Writes the patient's related persons and followers.
    private static func saveRelatedPersons(_ p: Patient, practiceId: String, in db: any StoreConnection) throws {
        for (i, r) in p.relatedPersons.enumerated() {
            try db.run(
                "INSERT INTO practice_related_person(practiceId, id, patientId, position, relationship, name, phone) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [practiceId, r.id, p.id, i, r.relationship.rawValue, r.name, r.phone], cached: true)
        }
        for (i, practitionerId) in p.followedBy.enumerated() {
            try db.run(
                "INSERT INTO practice_patient_follower(practiceId, patientId, practitionerId, position) VALUES (?, ?, ?, ?)",
                [practiceId, p.id, practitionerId, i], cached: true)
        }
    }

    /// Patients matching every given criterion, ordered by folded last then first name; at most
    /// `limit` of them, and whether more matched.
    ///
    /// `words` are folded query words, each a prefix of some word of the names; `phone` matches the
    /// patient's number or a related person's.
    /// Patients in `searchText, id` order, after `after` (the key of the previous page's last one);
    /// `last` is the key of the last patient returned.
    static func search(
        words: [String], birthDate: LocalDate?, phone: String?, after: [PageKey]? = nil, limit: Int,
        practiceId: String, in db: any StoreConnection
    ) throws -> (patients: [Patient], more: Bool, last: [PageKey]?) {
        var sql = """
            SELECT * FROM practice_patient p
            WHERE practiceId = ?3 AND (birthDate = ?1 OR ?1 IS NULL)
              AND (phone = ?2 OR EXISTS (SELECT 1 FROM practice_related_person r WHERE r.patientId = p.id AND r.phone = ?2) OR ?2 IS NULL)
            """
        var arguments: StoreArguments = [birthDate?.description, phone, practiceId]
        // A coarse filter in SQL (each word somewhere in the folded names), refined below.
        // Folded words hold only letters and digits, so they need no LIKE escaping.
        for word in words {
            sql += " AND searchText LIKE ?"
            arguments += ["%" + word + "%"]
        }
        if let after {
            sql += " AND (searchText, id) > (?, ?)"
            arguments += [after[0], after[1]]
        }
        sql += " ORDER BY searchText, id"
        var found: [Patient] = []
        var last: [PageKey]?
        for row in try db.rows(sql, arguments) {
            let text: String = row["searchText"]
            let names = text.split(separator: " ")
            guard words.allSatisfy({ w in names.contains { $0.hasPrefix(w) } }) else { continue }
            if found.count == limit { return (found, true, last) }
            found.append(try patient(row, in: db))
            last = [.text(text), .text(row["id"])]
        }
        return (found, false, last)
    }

    /// The patient of a `practice_patient` row, with related persons and followers.
    private static func patient(_ row: StoreRow, in db: any StoreConnection) throws -> Patient {
        let id: String = row["id"]
        let practiceId: String = row["practiceId"]
        let related = try Array(
            db.rows("SELECT * FROM practice_related_person WHERE patientId = ? AND practiceId = ? ORDER BY position", [id, practiceId], cached: true)
                .map {
                    RelatedPerson(
                        id: $0["id"], relationship: RelatedPerson.Relationship(rawValue: $0["relationship"]) ?? .other,
                        name: $0["name"], phone: $0["phone"])
                })
        let street: String? = row["street"]
        let postalCode: String? = row["postalCode"]
        let city: String? = row["city"]
        let country: String? = row["country"]
        let address =
            [street, postalCode, city, country].allSatisfy({ $0 == nil })
            ? nil
            : Patient.Address(street: street, postalCode: postalCode, city: city, country: country)
        let regime: String? = row["regime"]
        let mutuelle: String? = row["mutuelle"]
        let tiersPayant: Bool? = row["tiersPayant"]
        let insurance =
            regime == nil && mutuelle == nil && tiersPayant == nil
            ? nil
            : Patient.Insurance(regime: regime, mutuelle: mutuelle, tiersPayant: tiersPayant)
        return Patient(
            id: id, lastName: row["lastName"], firstName: row["firstName"], birthDate: LocalDate(row["birthDate"] as String)!,
            phone: row["phone"], email: row["email"], address: address, insurance: insurance, relatedPersons: related,
            followedBy: try followers(of: id, practiceId: practiceId, in: db), version: row["version"],
            createdAt: Date(timeIntervalSince1970: row["createdAt"]),
            updatedAt: Date(timeIntervalSince1970: row["updatedAt"]))
    }

    // MARK: - Patient file: personal data

    /// The patient's record, related persons and followers as JSON.
    static func exportPatient(_ id: String, practiceId: String, in db: any StoreConnection) throws -> JSONValue {
        return .object([
            "patient": try PersonalDataRows.select(
                """
                SELECT id, lastName, firstName, birthDate, phone, email, street, postalCode, city, country, regime, mutuelle,
                  tiersPayant, version, createdAt, updatedAt, erasedAt FROM practice_patient WHERE id = ? AND practiceId = ?
                """, [id, practiceId], in: db
            ).arrayValue?.first ?? .null,
            "relatedPersons": try PersonalDataRows.select(
                "SELECT id, relationship, name, phone FROM practice_related_person WHERE patientId = ? AND practiceId = ? ORDER BY position",
                [id, practiceId], in: db),
            "followedBy": .array(
                try db.values(
                    String.self, "SELECT practitionerId FROM practice_patient_follower WHERE patientId = ? AND practiceId = ? ORDER BY position",
                    [id, practiceId], cached: true
                ).map(JSONValue.string))
        ])
    }

    /// Empties the patient's record and deletes their related persons, keeping the id; returns the rows changed.
    static func erasePatient(_ id: String, practiceId: String, at now: Date, in db: any StoreConnection) throws -> Int {
        try db.run("DELETE FROM practice_related_person WHERE patientId = ? AND practiceId = ?", [id, practiceId], cached: true)
        let related = db.changedRows
        try db.run(
            """
            UPDATE practice_patient SET lastName = '', firstName = '', birthDate = '0001-01-01', phone = '', email = NULL,
              street = NULL, postalCode = NULL, city = NULL, country = NULL, regime = NULL, mutuelle = NULL, tiersPayant = NULL,
              duplicateKey = 'erased:' || id, searchText = '', version = version + 1, updatedAt = ?1, erasedAt = ?1
            WHERE id = ?2 AND practiceId = ?3
            """, [now.timeIntervalSince1970, id, practiceId], cached: true)
        return db.changedRows + related
    }

    /// Adds `erasedAt` to the patient file.
    static func migratePatientErasure(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("practice.patients.v3-erasure") { db in
            try db.alter(table: "practice_patient") { t in t.add(column: "erasedAt", .double) }
        }
    }

    /// When the patient was erased, or nil (also for an unknown patient).
    static func erasedAt(_ id: String, practiceId: String, in db: any StoreConnection) throws -> Date? {
        try db.value(Double.self, "SELECT erasedAt FROM practice_patient WHERE id = ? AND practiceId = ?", [id, practiceId], cached: true)
            .map(Date.init(timeIntervalSince1970:))
    }

    // MARK: - Contact journal

    /// Registers the contact journal, `practice_contact`.
    static func migrateContacts(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("practice.contacts") { db in
            try db.create(table: "practice_contact") { t in
                t.column("id", .text).primaryKey()
                t.column("channel", .text).notNull()
                t.column("direction", .text).notNull()
                t.column("patientId", .text).indexed()
                t.column("callerName", .text)
                t.column("callerPhone", .text).indexed()
                t.column("callerRelationship", .text)
                t.column("motive", .text).notNull()
                t.column("subject", .text)
                t.column("offeredAt", .double).notNull().indexed()
                t.column("answeredAt", .double)
                t.column("endedAt", .double)
                t.column("abandonedAt", .double)
                t.column("agent", .text)
                t.column("outcome", .text)
                t.column("notes", .text)
                t.column("source", .text).notNull()
                t.column("reference", .text)
                t.column("kind", .text)
            }
        }
    }

    /// The journal's indexes an import of calls writes (by caller, by date); the patient index
    /// holds no entry naming no patient.
    static let contactIndexesOfBulkLoads = ["practice_contact_practice_callerPhone", "practice_contact_practice_offeredAt"]

    /// The largest row id of the journal: its size, give or take deleted entries.
    static func contactRowsUpperBound(in db: any StoreConnection) throws -> Int {
        try db.value(Int.self, "SELECT MAX(rowid) FROM practice_contact") ?? 0
    }

    /// Writes a journal entry of the practice (with its id).
    static func insertContact(_ e: ContactEntry, practiceId: String, in db: any StoreConnection) throws {
        let sql = """
            INSERT INTO practice_contact(practiceId, id, channel, direction, patientId, callerName, callerPhone, callerRelationship, motive,
              subject, offeredAt, answeredAt, endedAt, abandonedAt, agent, outcome, notes, source, reference, kind)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """
        // Bound straight to SQLite (`RowInserter`): an import appends millions of entries.
        try RowInserter(db, sql: sql).run(
            .text(practiceId), .text(e.id), .text(e.channel.rawValue), .text(e.direction.rawValue), .text(e.patientId), .text(e.caller?.name),
            .text(e.caller?.phone), .text(e.caller?.relationship?.rawValue), .text(e.motive.rawValue), .text(e.subject),
            .real(e.offeredAt.timeIntervalSince1970), .real(e.answeredAt?.timeIntervalSince1970), .real(e.endedAt?.timeIntervalSince1970),
            .real(e.abandonedAt?.timeIntervalSince1970), .text(e.agent), .text(e.outcome), .text(e.notes), .text(e.source), .text(e.reference),
            .text(e.kind), in: db)
    }

    /// Journal entries of a patient, or of a phone number (E.164), oldest first, within `[from, to)`.
    static func contacts(patientId: String?, phone: String?, from: Date?, to: Date?, practiceId: String, in db: any StoreConnection) throws -> [ContactEntry] {
        // Rows are read in place (`entries`). One branch per key, each read in date order from its index and merged.
        try entries(
            """
            SELECT rowid AS pageRowid, * FROM practice_contact
            WHERE practiceId = ?5 AND patientId = ?1 AND (offeredAt >= ?3 OR ?3 IS NULL) AND (offeredAt < ?4 OR ?4 IS NULL)
            UNION
            SELECT rowid AS pageRowid, * FROM practice_contact
            WHERE practiceId = ?5 AND callerPhone = ?2 AND (offeredAt >= ?3 OR ?3 IS NULL) AND (offeredAt < ?4 OR ?4 IS NULL)
            ORDER BY offeredAt, pageRowid
            """, [patientId, phone, from?.timeIntervalSince1970, to?.timeIntervalSince1970, practiceId], cached: true, in: db
        ).map(\.item)
    }

    /// Inbound phone calls never answered (abandoned or ended) of a patient or from any of `phones`,
    /// offered within `[from, to)`, oldest first.
    static func unansweredCalls(
        patientId: String?, phones: [String], from: Date, to: Date, practiceId: String, in db: any StoreConnection
    ) throws -> [ContactEntry] {
        // One indexed term per key (the practice and the patient, the practice and the numbers), so
        // the lookup reads those rows only.
        var terms: [String] = []
        var arguments: StoreArguments = []
        if let patientId {
            terms.append("(practiceId = ? AND patientId = ?)")
            arguments += [practiceId, patientId]
        }
        if !phones.isEmpty {
            terms.append("(practiceId = ? AND callerPhone IN (" + Array(repeating: "?", count: phones.count).joined(separator: ", ") + "))")
            arguments += [practiceId] + StoreArguments(phones)
        }
        guard !terms.isEmpty else { return [] }
        arguments += [from.timeIntervalSince1970, to.timeIntervalSince1970]
        return try entries(
            """
            SELECT rowid AS pageRowid, * FROM practice_contact
            WHERE (\(terms.joined(separator: " OR ")))
              AND channel = 'phone' AND direction = 'inbound' AND answeredAt IS NULL
              AND (abandonedAt IS NOT NULL OR endedAt IS NOT NULL)
              AND offeredAt >= ? AND offeredAt < ?
            ORDER BY offeredAt, rowid
            """, arguments, cached: false, in: db
        ).map(\.item)
    }

    /// Every journal entry offered within `[from, to)`, oldest first.
    static func contacts(from: Date, to: Date, practiceId: String, in db: any StoreConnection) throws -> [ContactEntry] {
        try entries(
            "SELECT rowid AS pageRowid, * FROM practice_contact WHERE practiceId = ? AND offeredAt >= ? AND offeredAt < ? ORDER BY offeredAt, rowid",
            [practiceId, from.timeIntervalSince1970, to.timeIntervalSince1970], cached: true, in: db
        ).map(\.item)
    }

    /// One page of the patient's timeline, oldest first (`offeredAt, rowid`), within `[from, to)`,
    /// after `after` (the key of the previous page's last item), each item with its key.
    static func patientTimeline(
        _ patientId: String, phones registered: [String], from: Date?, to: Date?, after: [PageKey]?, limit: Int,
        practiceId: String, in db: any StoreConnection
    ) throws -> [(key: [PageKey], item: ContactTimeline.Item)] {
        var phones = registered
        for phone in try db.values(
            String.self,
            """
            SELECT DISTINCT callerPhone FROM practice_contact WHERE practiceId = ? AND patientId = ? AND callerPhone IS NOT NULL
            """, [practiceId, patientId], cached: true) where !phones.contains(phone)
        {
            phones.append(phone)
        }
        let phoneList = phones.isEmpty ? "NULL" : phones.indices.map { "?\($0 + 8)" }.joined(separator: ", ")
        var arguments: StoreArguments = [
            patientId, from?.timeIntervalSince1970, to?.timeIntervalSince1970,
            after?[0], after?[1], limit, practiceId
        ]
        arguments += StoreArguments(phones)
        // The patient's entries, and those from the numbers naming no patient: one branch each, merged
        // (the numbers' by their index: entries naming no patient are many, imported calls among them).
        let window = "(offeredAt >= ?2 OR ?2 IS NULL) AND (offeredAt < ?3 OR ?3 IS NULL) AND ((offeredAt, rowid) > (?4, ?5) OR ?4 IS NULL)"
        return try entries(
            """
            SELECT rowid AS pageRowid, * FROM practice_contact WHERE practiceId = ?7 AND patientId = ?1 AND \(window)
            UNION
            SELECT rowid AS pageRowid, * FROM practice_contact INDEXED BY practice_contact_practice_callerPhone
            WHERE practiceId = ?7 AND patientId IS NULL AND callerPhone IN (\(phoneList)) AND \(window)
            ORDER BY offeredAt, pageRowid LIMIT ?6
            """, arguments, cached: false, in: db
        ).map { (key: $0.key, item: ContactTimeline.Item(entry: $0.item, match: $0.item.patientId == nil ? "phone" : "patient")) }
    }

    /// One page of the entries whose caller phone is `phone` (E.164), oldest first, within `[from, to)`.
    static func phoneTimeline(
        _ phone: String, from: Date?, to: Date?, after: [PageKey]?, limit: Int,
        practiceId: String, in db: any StoreConnection
    ) throws -> [(key: [PageKey], item: ContactTimeline.Item)] {
        try entries(
            """
            SELECT rowid AS pageRowid, * FROM practice_contact
            WHERE practiceId = ?7 AND callerPhone = ?1 AND (offeredAt >= ?2 OR ?2 IS NULL) AND (offeredAt < ?3 OR ?3 IS NULL)
              AND ((offeredAt, rowid) > (?4, ?5) OR ?4 IS NULL)
            ORDER BY offeredAt, rowid LIMIT ?6
            """,
            [phone, from?.timeIntervalSince1970, to?.timeIntervalSince1970, after?[0], after?[1], limit, practiceId], cached: true, in: db
        ).map { (key: $0.key, item: ContactTimeline.Item(entry: $0.item, match: "phone")) }
    }

    /// The entries a query selects (`pageRowid, *` of `practice_contact`), each with its page key
    /// `(offeredAt, pageRowid)`, read in place.
    private static func entries(
        _ sql: String, _ arguments: StoreArguments, cached: Bool, in db: any StoreConnection
    ) throws -> [(key: [PageKey], item: ContactEntry)] {
        var out: [(key: [PageKey], item: ContactEntry)] = []
        try db.forEachRow(sql, arguments, cached: cached) { row in
            out.append((key: [.real(row["offeredAt"]), .int(row["pageRowid"])], item: ContactJournal.entry(row)))
            return true
        }
        return out
    }

    // MARK: - Contact journal: personal data

    /// The practice's journal entries naming the patient, or from one of the subject's numbers.
    private static func contactCondition(_ subject: PersonalDataSubject, practiceId: String) -> (String, StoreArguments) {
        let phones = PersonalDataRows.phoneArguments(subject)
        return (
            "practiceId = ? AND (patientId = ? OR callerPhone IN \(PersonalDataRows.placeholders(phones.count)))",
            [practiceId, subject.patientId] + StoreArguments(phones)
        )
    }

    /// The subject's journal entries in the practice as JSON rows, oldest first.
    static func exportContacts(_ subject: PersonalDataSubject, practiceId: String, in db: any StoreConnection) throws -> JSONValue {
        let (sql, arguments) = contactCondition(subject, practiceId: practiceId)
        return try PersonalDataRows.select("SELECT * FROM practice_contact WHERE \(sql) ORDER BY offeredAt, rowid", arguments, in: db)
    }

    /// Blanks the subject's callers, notes and outcomes, and neutralises their subjects (`sujet 1`…); returns the entries changed.
    static func eraseContacts(_ subject: PersonalDataSubject, practiceId: String, in db: any StoreConnection) throws -> Int {
        let (sql, arguments) = contactCondition(subject, practiceId: practiceId)
        var neutral: [String: String] = [:]
        var changed = 0
        for row in try db.rows("SELECT id, subject FROM practice_contact WHERE \(sql) ORDER BY offeredAt, rowid", arguments) {
            var replacement: String? = nil
            if let s = row["subject"] as String? {
                let folded = TextFolding.fold(s)
                if folded.isEmpty {
                    replacement = ""
                } else {
                    if neutral[folded] == nil { neutral[folded] = "sujet \(neutral.count + 1)" }
                    replacement = neutral[folded]
                }
            }
            try db.run(
                """
                UPDATE practice_contact SET callerName = NULL, callerPhone = NULL, callerRelationship = NULL, subject = ?,
                  notes = NULL, outcome = NULL WHERE id = ? AND practiceId = ?
                """, [replacement, row["id"] as String, practiceId], cached: true)
            changed += 1
        }
        return changed
    }

    /// Deletes the practice's journal entries offered before `cutoff`; returns how many.
    static func purgeContacts(offeredBefore cutoff: Date, practiceId: String, in db: any StoreConnection) throws -> Int {
        try db.run(
            "DELETE FROM practice_contact WHERE practiceId = ? AND offeredAt < ?", [practiceId, cutoff.timeIntervalSince1970], cached: true)
        return db.changedRows
    }
}
