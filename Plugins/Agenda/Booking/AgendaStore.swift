import Foundation
import GRDB
import JSONRPC
import Kernel
import Practice

/// The agenda's tables and every query on them (`agenda_*` tables belong to this module only).
///
/// Appointments are indexed on (practiceId, practitionerId, start, …), covering what availability
/// needs: every availability and overlap question is a bounded range scan of one practitioner's
/// agenda, so its cost does not grow with the total number of appointments (of this practice or
/// of the others sharing the database). Instants are stored as UTC seconds. Every function takes
/// the practice the rows belong to (`practiceId`): it writes it, and reads and changes only its rows.
enum AgendaStore {
    static func migrate(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("agenda.v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE agenda_appointment(
                      id TEXT PRIMARY KEY, practitionerId TEXT NOT NULL, siteId TEXT NOT NULL, typeId TEXT NOT NULL,
                      typeLabel TEXT NOT NULL, patientId TEXT NOT NULL, patientName TEXT, newPatient BOOLEAN NOT NULL,
                      callerName TEXT, callerPhone TEXT, callerRelationship TEXT, start DOUBLE NOT NULL,
                      "end" DOUBLE NOT NULL, blockEnd DOUBLE NOT NULL, status TEXT NOT NULL, sequence INTEGER NOT NULL,
                      notes TEXT, idempotencyKey TEXT, createdAt DOUBLE NOT NULL, updatedAt DOUBLE NOT NULL,
                      bookedBy TEXT NOT NULL, cancelReason TEXT, rescheduledFrom TEXT, rescheduledTo TEXT)
                    """)
            try db.create(index: "agenda_appointment_practitioner_start", on: "agenda_appointment", columns: ["practitionerId", "start"])
            try db.create(index: "agenda_appointment_patient", on: "agenda_appointment", columns: ["patientId", "start"])
            try db.execute(
                sql: """
                    CREATE UNIQUE INDEX agenda_appointment_idempotency ON agenda_appointment(idempotencyKey)
                    WHERE idempotencyKey IS NOT NULL
                    """)
            try db.create(table: "agenda_absence") { t in
                t.column("id", .text).primaryKey()
                t.column("practitionerId", .text).notNull()
                t.column("start", .double).notNull()
                t.column("end", .double).notNull()
                t.column("kind", .text).notNull()
                t.column("reason", .text)
                t.column("createdAt", .double).notNull()
                t.column("createdBy", .text).notNull()
            }
            try db.create(index: "agenda_absence_practitioner_start", on: "agenda_absence", columns: ["practitionerId", "start"])
        }
        // Slot search reads only these columns: an index holding all of them answers it without
        // touching the table, so one practitioner's fortnight is a few contiguous index pages
        // however many appointments the practice has.
        migrator.registerMigration("agenda.v2-occupancy-index") { db in
            try db.create(
                index: "agenda_appointment_occupancy", on: "agenda_appointment",
                columns: ["practitionerId", "start", "blockEnd", "status", "typeId", "id"])
            try db.drop(index: "agenda_appointment_practitioner_start")
        }
        // Revisions let `OccupancyCache` keep occupied time in memory: triggers raise, on every change
        // by any process, the revision of the week the appointment starts in (for an update, the old
        // and the new one), or of the practitioner's absences as a whole (`absenceWeek`).
        migrator.registerMigration("agenda.v3-revisions") { db in
            try db.execute(
                sql: """
                    CREATE TABLE agenda_revision(
                      practitionerId TEXT NOT NULL, week INTEGER NOT NULL, revision INTEGER NOT NULL,
                      PRIMARY KEY(practitionerId, week)) WITHOUT ROWID;
                    CREATE TRIGGER agenda_appointment_inserted AFTER INSERT ON agenda_appointment BEGIN
                      \(raise("NEW.practitionerId", week: "NEW.start"));
                    END;
                    CREATE TRIGGER agenda_appointment_updated AFTER UPDATE ON agenda_appointment BEGIN
                      \(raise("OLD.practitionerId", week: "OLD.start"));
                      \(raise("NEW.practitionerId", week: "NEW.start"));
                    END;
                    CREATE TRIGGER agenda_appointment_deleted AFTER DELETE ON agenda_appointment BEGIN
                      \(raise("OLD.practitionerId", week: "OLD.start"));
                    END;
                    CREATE TRIGGER agenda_absence_inserted AFTER INSERT ON agenda_absence BEGIN
                      \(raise("NEW.practitionerId", week: nil));
                    END;
                    CREATE TRIGGER agenda_absence_updated AFTER UPDATE ON agenda_absence BEGIN
                      \(raise("OLD.practitionerId", week: nil));
                      \(raise("NEW.practitionerId", week: nil));
                    END;
                    CREATE TRIGGER agenda_absence_deleted AFTER DELETE ON agenda_absence BEGIN
                      \(raise("OLD.practitionerId", week: nil));
                    END;
                    """)
        }
    }

    // MARK: - Revisions

    /// Length of the weeks revisions are kept by, in seconds; week `w` is `[w × 604800, (w + 1) × 604800)`
    /// in UTC seconds (so week 0 starts at the Unix epoch).
    static let weekSeconds: Double = 604_800

    /// The week an instant (UTC seconds) falls in.
    static func week(_ seconds: Double) -> Int64 { Int64((seconds / weekSeconds).rounded(.down)) }

    /// The `week` under which a practitioner's absences are revised: no appointment week can equal it.
    static let absenceWeek = Int64.min

    /// The trigger statement raising one revision; `week` is an SQL expression of a start in UTC seconds,
    /// nil for absences.
    private static func raise(_ practitioner: String, week: String?) -> String {
        // floor(start / 604800): CAST truncates toward zero, so subtract one below zero unless exact.
        let weekSQL =
            week.map { s in
                let truncated = "CAST(\(s) / \(Int(weekSeconds)) AS INTEGER)"
                return "(\(truncated) - (\(s) < 0 AND \(truncated) * \(Int(weekSeconds)) != \(s)))"
            } ?? String(absenceWeek)
        return """
            INSERT INTO agenda_revision(practitionerId, week, revision) VALUES (\(practitioner), \(weekSQL), 1)
              ON CONFLICT(practitionerId, week) DO UPDATE SET revision = revision + 1
            """
    }

    /// The trigger statement raising one revision of the practice and practitioner of `row` (`NEW` or
    /// `OLD`); `week` is an SQL expression of a start in UTC seconds, nil for absences.
    static func raise(row: String, week: String?) -> String {
        let weekSQL =
            week.map { s in
                let truncated = "CAST(\(s) / \(Int(weekSeconds)) AS INTEGER)"
                return "(\(truncated) - (\(s) < 0 AND \(truncated) * \(Int(weekSeconds)) != \(s)))"
            } ?? String(absenceWeek)
        return """
            INSERT INTO agenda_revision(practiceId, practitionerId, week, revision) VALUES (\(row).practiceId, \(row).practitionerId, \(weekSQL), 1)
              ON CONFLICT(practiceId, practitionerId, week) DO UPDATE SET revision = revision + 1
            """
    }

    /// Revisions of a practitioner's weeks `first...last` and of their absences (`absenceWeek`);
    /// a week never changed has no row (revision 0). Two range lookups on the primary key (an `OR`
    /// would read every week the practitioner ever had).
    static func revisions(practitionerId: String, weeks: ClosedRange<Int64>, practiceId: String, in db: any StoreConnection) throws -> [Int64: Int64] {
        var out: [Int64: Int64] = [:]
        try db.forEachRow(
            """
            SELECT week, revision FROM agenda_revision WHERE practiceId = ?5 AND practitionerId = ?1 AND week BETWEEN ?2 AND ?3
            UNION ALL SELECT week, revision FROM agenda_revision WHERE practiceId = ?5 AND practitionerId = ?1 AND week = ?4
            """, [practitionerId, weeks.lowerBound, weeks.upperBound, absenceWeek, practiceId], cached: true
        ) { row in
            out[row[0]] = row[1]
            return true
        }
        return out
    }

    // MARK: - Appointments

    /// Inserts an appointment. `slotShare` names the slot it may share with overlapping appointments
    /// (`slotShare(of:type:)`); nil for rows the overlap constraint does not check (imports).
    static func insert(_ a: Appointment, blockEnd: Date, slotShare: String?, practiceId: String, in db: any StoreConnection) throws {
        try db.run(
            """
            INSERT INTO agenda_appointment(practiceId, id, practitionerId, siteId, typeId, typeLabel, patientId, patientName, newPatient,
              callerName, callerPhone, callerRelationship, start, "end", blockEnd, status, sequence, notes, idempotencyKey,
              createdAt, updatedAt, bookedBy, cancelReason, rescheduledFrom, rescheduledTo, slotShare)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                practiceId, a.id, a.practitionerId, a.siteId, a.appointmentTypeId, a.appointmentTypeLabel, a.patientId, a.patientName,
                a.newPatient, a.caller?.name, a.caller?.phone, a.caller?.relationship?.rawValue,
                a.start.timeIntervalSince1970, a.end.timeIntervalSince1970, blockEnd.timeIntervalSince1970,
                a.status.rawValue, a.sequence, a.notes, a.idempotencyKey, a.createdAt.timeIntervalSince1970,
                a.updatedAt.timeIntervalSince1970, a.bookedBy, a.cancelReason, a.rescheduledFrom, a.rescheduledTo, slotShare
            ], cached: true)
    }

    /// The slot a booked appointment may share with the appointments overlapping it: for a type of
    /// capacity above 1, its type and start (the group's other places); otherwise none, its own id.
    static func slotShare(of a: Appointment, capacity: Int) -> String {
        capacity > 1 ? "\(a.appointmentTypeId)@\(Int64(a.start.timeIntervalSince1970))" : a.id
    }

    static func appointment(id: String, practiceId: String, in db: any StoreConnection) throws -> Appointment? {
        try db.row("SELECT * FROM agenda_appointment WHERE id = ? AND practiceId = ?", [id, practiceId], cached: true).map(Appointment.init(row:))
    }

    static func appointment(idempotencyKey: String, practiceId: String, in db: any StoreConnection) throws -> Appointment? {
        try db.row("SELECT * FROM agenda_appointment WHERE practiceId = ? AND idempotencyKey = ?", [practiceId, idempotencyKey], cached: true)
            .map(Appointment.init(row:))
    }

    /// What occupies a practitioner's time: the slot-relevant part of an appointment, as plain
    /// values (a search copies the occupants of the weeks it covers).
    struct Occupant: Sendable {
        let type: TypeCode
        let start: Double
        let blockEnd: Double

        /// From a row of `typeId, start, blockEnd`.
        init(row: StoreRow) {
            type = TypeCode.of(row[0])
            start = row[1]
            blockEnd = row[2]
        }
    }

    /// The longest time an appointment can block (its minutes and buffer), in seconds: one day,
    /// as the configuration checks. It bounds how far before a window an overlapping appointment can
    /// start, so every overlap question stays a short index scan.
    static let maximumBlockSeconds: Double = 86_400

    /// Appointments that occupy time overlapping `[from, to)`, but the one with id `excluding`.
    static func occupants(
        practitionerId: String, from: Date, to: Date, excluding: String? = nil, practiceId: String, in db: any StoreConnection
    ) throws -> [Occupant] {
        try db.collect(
            """
            SELECT typeId, start, blockEnd FROM agenda_appointment
            WHERE practiceId = ?1 AND practitionerId = ?2 AND start >= ?3 AND start < ?4 AND blockEnd > ?5 AND status IN \(AppointmentStatus.occupyingSQL)
              AND (id <> ?6 OR ?6 IS NULL)
            ORDER BY start
            """,
            [
                practiceId, practitionerId, from.timeIntervalSince1970 - maximumBlockSeconds, to.timeIntervalSince1970,
                from.timeIntervalSince1970, excluding
            ], cached: true, Occupant.init(row:))
    }

    /// Occupying appointments of a practitioner starting in `week`, by start.
    static func occupants(practitionerId: String, week: Int64, practiceId: String, in db: any StoreConnection) throws -> [Occupant] {
        try db.collect(
            """
            SELECT typeId, start, blockEnd FROM agenda_appointment
            WHERE practiceId = ? AND practitionerId = ? AND start >= ? AND start < ? AND status IN \(AppointmentStatus.occupyingSQL)
            ORDER BY start
            """, [practiceId, practitionerId, Double(week) * weekSeconds, Double(week + 1) * weekSeconds], cached: true, Occupant.init(row:))
    }

    static func appointments(practitionerId: String, from: Date, to: Date, practiceId: String, in db: any StoreConnection) throws -> [Appointment] {
        try db.collect(
            """
            SELECT * FROM agenda_appointment WHERE practiceId = ? AND practitionerId = ? AND start >= ? AND start < ? ORDER BY start, createdAt
            """, [practiceId, practitionerId, from.timeIntervalSince1970, to.timeIntervalSince1970], Appointment.init(row:))
    }

    static func appointments(patientId: String, practiceId: String, in db: any StoreConnection) throws -> [Appointment] {
        try db.collect(
            "SELECT * FROM agenda_appointment WHERE practiceId = ? AND patientId = ? ORDER BY start, createdAt", [practiceId, patientId],
            Appointment.init(row:))
    }

    /// One page of appointments in `start, createdAt, rowid` order, of a practitioner in `[from, to)`
    /// or of a patient, after the key of the previous page's last one, each with its key.
    static func appointmentsPage(
        practitionerId: String? = nil, from: Date? = nil, to: Date? = nil, patientId: String? = nil,
        after: [PageKey]?, limit: Int, practiceId: String, in db: any StoreConnection
    ) throws -> [(key: [PageKey], item: Appointment)] {
        var clauses = ["practiceId = ?"]
        var arguments: StoreArguments = [practiceId]
        if let practitionerId {
            clauses.append("practitionerId = ?")
            arguments += [practitionerId]
        }
        if let patientId {
            clauses.append("patientId = ?")
            arguments += [patientId]
        }
        if let from {
            clauses.append("start >= ?")
            arguments += [from.timeIntervalSince1970]
        }
        if let to {
            clauses.append("start < ?")
            arguments += [to.timeIntervalSince1970]
        }
        if let after {
            clauses.append("(start, createdAt, rowid) > (?, ?, ?)")
            arguments += StoreArguments(after)
        }
        arguments += [limit]
        let filter = "WHERE " + clauses.joined(separator: " AND ")
        // Cached: the statement varies only by the filters present (at most 32 texts).
        return try db.collect(
            "SELECT rowid AS pageRowid, * FROM agenda_appointment \(filter) ORDER BY start, createdAt, rowid LIMIT ?", arguments, cached: true
        ) { row in
            (key: [.real(row["start"]), .real(row["createdAt"]), .int(row["pageRowid"])], item: Appointment(row: row))
        }
    }

    /// Whether the patient already had an appointment with this practitioner that was not cancelled.
    static func isKnown(patientId: String, practitionerId: String, practiceId: String, in db: any StoreConnection) throws -> Bool {
        try db.value(
            Bool.self,
            """
            SELECT EXISTS(SELECT 1 FROM agenda_appointment WHERE practiceId = ? AND patientId = ? AND practitionerId = ?
              AND status IN \(AppointmentStatus.occupyingSQL))
            """, [practiceId, patientId, practitionerId], cached: true) ?? false
    }

    /// Practitioners the patient has an appointment with that is not cancelled (past or to come).
    static func practitionersSeen(patientId: String, practiceId: String, in db: any StoreConnection) throws -> Set<String> {
        Set(
            try db.values(
                String.self,
                """
                SELECT DISTINCT practitionerId FROM agenda_appointment
                WHERE practiceId = ? AND patientId = ? AND status IN \(AppointmentStatus.occupyingSQL)
                """, [practiceId, patientId], cached: true))
    }

    static func update(
        status: AppointmentStatus, id: String, practiceId: String, now: Date, cancelReason: String? = nil, rescheduledTo: String? = nil,
        in db: any StoreConnection
    ) throws {
        try db.run(
            """
            UPDATE agenda_appointment SET status = ?, sequence = sequence + 1, updatedAt = ?,
              cancelReason = COALESCE(?, cancelReason), rescheduledTo = COALESCE(?, rescheduledTo)
            WHERE id = ? AND practiceId = ?
            """, [status.rawValue, now.timeIntervalSince1970, cancelReason, rescheduledTo, id, practiceId], cached: true)
    }

    /// Holds, until the transaction ends, the right to change the agendas of `practitionerIds`
    /// (`StoreConnection.serialize`): checks of capacity, absences and idempotency keys followed by
    /// an insert hold whichever connection or node commits beside them.
    static func serialize(practitionerIds: [String], practiceId: String, in db: any StoreConnection) throws {
        try db.serialize(practitionerIds.map { "agenda|\(practiceId)|\($0)" })
    }

    // MARK: - Absences

    static func insert(_ a: Absence, practiceId: String, in db: any StoreConnection) throws {
        try db.run(
            """
            INSERT INTO agenda_absence(practiceId, id, practitionerId, start, "end", kind, reason, createdAt, createdBy)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                practiceId, a.id, a.practitionerId, a.start.timeIntervalSince1970, a.end.timeIntervalSince1970, a.kind.rawValue,
                a.reason, a.createdAt.timeIntervalSince1970, a.createdBy
            ], cached: true)
    }

    static func absence(id: String, practiceId: String, in db: any StoreConnection) throws -> Absence? {
        try db.row("SELECT * FROM agenda_absence WHERE id = ? AND practiceId = ?", [id, practiceId], cached: true).map(Absence.init(row:))
    }

    static func deleteAbsence(id: String, practiceId: String, in db: any StoreConnection) throws {
        try db.run("DELETE FROM agenda_absence WHERE id = ? AND practiceId = ?", [id, practiceId], cached: true)
    }

    /// Absences overlapping `[from, to)` (all of them when a bound is nil), optionally of one practitioner.
    static func absences(practitionerId: String?, from: Date?, to: Date?, practiceId: String, in db: any StoreConnection) throws -> [Absence] {
        try db.collect(
            """
            SELECT * FROM agenda_absence WHERE practiceId = ?4 AND (practitionerId = ?1 OR ?1 IS NULL) AND ("end" > ?2 OR ?2 IS NULL) AND (start < ?3 OR ?3 IS NULL)
            ORDER BY start, id
            """, [practitionerId, from?.timeIntervalSince1970, to?.timeIntervalSince1970, practiceId], cached: true, Absence.init(row:))
    }

    /// One page of absences overlapping `[from, to)` in `start, id` order, after the key of the
    /// previous page's last one, each with its key.
    static func absencesPage(
        practitionerId: String?, from: Date?, to: Date?, after: [PageKey]?, limit: Int, practiceId: String,
        in db: any StoreConnection
    ) throws -> [(key: [PageKey], item: Absence)] {
        try db.collect(
            """
            SELECT * FROM agenda_absence WHERE practiceId = ?7 AND (practitionerId = ?1 OR ?1 IS NULL) AND ("end" > ?2 OR ?2 IS NULL) AND (start < ?3 OR ?3 IS NULL)
            AND ((start, id) > (?4, ?5) OR ?4 IS NULL) ORDER BY start, id LIMIT ?6
            """, [practitionerId, from?.timeIntervalSince1970, to?.timeIntervalSince1970, after?[0], after?[1], limit, practiceId], cached: true
        ) { row in
            (key: [.real(row["start"]), .text(row["id"])], item: Absence(row: row))
        }
    }

    /// Occupying appointments of a practitioner whose blocked time (buffer included, as search and
    /// booking count it) overlaps `[from, to)`.
    static func occupyingAppointments(
        practitionerId: String, from: Date, to: Date, practiceId: String, in db: any StoreConnection
    ) throws -> [Appointment] {
        try db.collect(
            """
            SELECT * FROM agenda_appointment WHERE practiceId = ? AND practitionerId = ? AND start >= ? AND start < ? AND blockEnd > ?
              AND status IN \(AppointmentStatus.occupyingSQL)
            ORDER BY start
            """,
            [
                practiceId, practitionerId, from.timeIntervalSince1970 - maximumBlockSeconds, to.timeIntervalSince1970,
                from.timeIntervalSince1970
            ], Appointment.init(row:))
    }

    // MARK: - Personal data

    /// Appointments of the practice's patient, or booked from one of the subject's numbers.
    private static func condition(_ subject: PersonalDataSubject, practiceId: String) -> (String, [String]) {
        let phones = PersonalDataRows.phoneArguments(subject)
        return (
            "practiceId = ? AND (patientId = ? OR callerPhone IN \(PersonalDataRows.placeholders(phones.count)))",
            [practiceId, subject.patientId] + phones
        )
    }

    /// The subject's appointments as JSON rows, by start.
    static func exportPersonalData(_ subject: PersonalDataSubject, practiceId: String, in db: any StoreConnection) throws -> JSONValue {
        let (sql, values) = condition(subject, practiceId: practiceId)
        return try PersonalDataRows.select(
            """
            SELECT id, practitionerId, siteId, typeId, typeLabel, patientId, patientName, newPatient, callerName, callerPhone,
              callerRelationship, start, "end", status, notes, createdAt, updatedAt, bookedBy, cancelReason, rescheduledFrom, rescheduledTo
            FROM agenda_appointment WHERE \(sql) ORDER BY start, id
            """, StoreArguments(values), in: db)
    }

    /// Blanks the subject's patient name, caller, notes and cancellation reasons; returns the appointments changed.
    static func erasePersonalData(_ subject: PersonalDataSubject, practiceId: String, in db: any StoreConnection) throws -> Int {
        let (sql, values) = condition(subject, practiceId: practiceId)
        try db.run(
            """
            UPDATE agenda_appointment SET patientName = NULL, callerName = NULL, callerPhone = NULL, callerRelationship = NULL,
              notes = NULL, cancelReason = NULL WHERE \(sql)
            """, StoreArguments(values))
        return db.changedRows
    }
}
