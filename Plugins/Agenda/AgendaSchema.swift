import Kernel

/// The agenda's tables on PostgreSQL, as SQLite's migrations leave them after every version
/// (`agenda.v1` to `agenda.v6-reminder-planning`), in one step `agenda.pg1`.
///
/// Instants are `DOUBLE PRECISION` UTC seconds, integers and flags `BIGINT`, as on SQLite; the tables
/// the queries order or page by `rowid` (appointments, reminders, waiting list, offers) carry one as
/// an identity column, so the statements are the same on both engines. `end` is quoted: it is a
/// reserved word on PostgreSQL. SQLite's revision triggers become one PL/pgSQL trigger function per
/// table, raising the same revisions (`AgendaStore.raise(row:week:)`): the week an appointment starts
/// in, by floor division, or `AgendaStore.absenceWeek` for absences.
enum AgendaSchema {
    static func register(_ schema: inout SchemaMigrations) {
        schema.register("agenda.pg1") { db in
            try db.run(tables)
            for statement in revisions { try db.run(statement) }
        }
        schema.register("agenda.pg2-no-overlap", sql: noOverlap)
    }

    /// The database's own guard against overlapping bookings, beside the per-practitioner lock the
    /// booking desk takes (`AgendaStore.serialize`): two appointments of one practitioner that occupy
    /// overlapping time (`start`…`blockEnd`) must share a group slot (`slotShare`: the type and start
    /// of a slot of capacity above 1; the appointment's own id otherwise), else the commit fails with
    /// 23P01, answered -32009. Checked at commit, so a move within one transaction (the new
    /// appointment inserted before the old one is cancelled) passes. Rows without `slotShare` (booked
    /// before this step, or copied from a SQLite database that had them) are not checked by it.
    /// `btree_gist` is a trusted extension: the database's owner may create it.
    static let noOverlap = """
        CREATE EXTENSION IF NOT EXISTS btree_gist;
        ALTER TABLE agenda_appointment ADD COLUMN slotShare TEXT;
        ALTER TABLE agenda_appointment ADD CONSTRAINT agenda_appointment_no_overlap EXCLUDE USING gist (
          practiceId WITH =, practitionerId WITH =, tstzrange(to_timestamp(start), to_timestamp(blockEnd)) WITH &&, slotShare WITH <>)
          WHERE (status IN \(AppointmentStatus.occupyingSQL)) DEFERRABLE INITIALLY DEFERRED
        """

    static let tables = """
        CREATE TABLE agenda_appointment(
          rowid BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE, practiceId TEXT NOT NULL, id TEXT PRIMARY KEY,
          practitionerId TEXT NOT NULL, siteId TEXT NOT NULL, typeId TEXT NOT NULL, typeLabel TEXT NOT NULL, patientId TEXT NOT NULL,
          patientName TEXT, newPatient BIGINT NOT NULL, callerName TEXT, callerPhone TEXT, callerRelationship TEXT,
          start DOUBLE PRECISION NOT NULL, "end" DOUBLE PRECISION NOT NULL, blockEnd DOUBLE PRECISION NOT NULL, status TEXT NOT NULL,
          sequence BIGINT NOT NULL, notes TEXT, idempotencyKey TEXT, createdAt DOUBLE PRECISION NOT NULL,
          updatedAt DOUBLE PRECISION NOT NULL, bookedBy TEXT NOT NULL, cancelReason TEXT, rescheduledFrom TEXT, rescheduledTo TEXT,
          reminderConsidered BIGINT NOT NULL DEFAULT 0);
        CREATE INDEX agenda_appointment_occupancy ON agenda_appointment(practiceId, practitionerId, start, blockEnd, status, typeId, id);
        CREATE INDEX agenda_appointment_patient ON agenda_appointment(practiceId, patientId, start);
        CREATE UNIQUE INDEX agenda_appointment_idempotency ON agenda_appointment(practiceId, idempotencyKey) WHERE idempotencyKey IS NOT NULL;
        CREATE INDEX agenda_appointment_practice_createdAt ON agenda_appointment(practiceId, createdAt);
        CREATE INDEX agenda_appointment_practice_unconsidered ON agenda_appointment(practiceId, start) WHERE reminderConsidered = 0;
        CREATE TABLE agenda_absence(
          practiceId TEXT NOT NULL, id TEXT PRIMARY KEY, practitionerId TEXT NOT NULL, start DOUBLE PRECISION NOT NULL,
          "end" DOUBLE PRECISION NOT NULL, kind TEXT NOT NULL, reason TEXT, createdAt DOUBLE PRECISION NOT NULL, createdBy TEXT NOT NULL);
        CREATE INDEX agenda_absence_practitioner_start ON agenda_absence(practiceId, practitionerId, start);
        CREATE TABLE agenda_revision(
          practiceId TEXT NOT NULL, practitionerId TEXT NOT NULL, week BIGINT NOT NULL, revision BIGINT NOT NULL,
          PRIMARY KEY(practiceId, practitionerId, week));
        CREATE TABLE agenda_calendar_feed(
          practiceId TEXT NOT NULL, id TEXT PRIMARY KEY, practitionerId TEXT NOT NULL, tokenHash TEXT NOT NULL UNIQUE,
          createdAt DOUBLE PRECISION NOT NULL, createdBy TEXT NOT NULL, revokedAt DOUBLE PRECISION, revokedBy TEXT,
          lastFetchedAt DOUBLE PRECISION, fetches BIGINT NOT NULL DEFAULT 0);
        CREATE INDEX agenda_calendar_feed_practitioner ON agenda_calendar_feed(practiceId, practitionerId);
        CREATE TABLE agenda_reminder(
          rowid BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE, practiceId TEXT NOT NULL, id TEXT PRIMARY KEY, kind TEXT NOT NULL,
          appointmentId TEXT NOT NULL, phone TEXT NOT NULL, dueAt DOUBLE PRECISION NOT NULL, status TEXT NOT NULL,
          sentAt DOUBLE PRECISION, answeredAt DOUBLE PRECISION, skipReason TEXT, segments BIGINT);
        CREATE INDEX agenda_reminder_due ON agenda_reminder(practiceId, status, dueAt);
        CREATE INDEX agenda_reminder_phone ON agenda_reminder(practiceId, phone, status, sentAt);
        CREATE INDEX agenda_reminder_appointment ON agenda_reminder(practiceId, appointmentId);
        CREATE TABLE agenda_sms_usage(
          practiceId TEXT NOT NULL, day TEXT NOT NULL, event TEXT NOT NULL, messages BIGINT NOT NULL, segments BIGINT NOT NULL,
          PRIMARY KEY(practiceId, day, event));
        CREATE TABLE agenda_waitlist(
          rowid BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE, practiceId TEXT NOT NULL, id TEXT PRIMARY KEY, patientId TEXT NOT NULL,
          phone TEXT NOT NULL, typeId TEXT NOT NULL, practitionerIds TEXT, specialty TEXT, siteId TEXT, earliest DOUBLE PRECISION,
          latest DOUBLE PRECISION, preferredTimes TEXT, note TEXT, status TEXT NOT NULL, createdAt DOUBLE PRECISION NOT NULL,
          createdBy TEXT NOT NULL, appointmentId TEXT);
        CREATE INDEX agenda_waitlist_type ON agenda_waitlist(practiceId, status, typeId, createdAt);
        CREATE TABLE agenda_offer(
          rowid BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE, practiceId TEXT NOT NULL, id TEXT PRIMARY KEY, entryId TEXT NOT NULL,
          patientId TEXT NOT NULL, phone TEXT NOT NULL, practitionerId TEXT NOT NULL, siteId TEXT NOT NULL, typeId TEXT NOT NULL,
          start DOUBLE PRECISION NOT NULL, status TEXT NOT NULL, sentAt DOUBLE PRECISION NOT NULL, expiresAt DOUBLE PRECISION NOT NULL,
          answeredAt DOUBLE PRECISION, appointmentId TEXT, freedBy TEXT);
        CREATE INDEX agenda_offer_phone ON agenda_offer(practiceId, phone, status, sentAt);
        CREATE INDEX agenda_offer_slot ON agenda_offer(practiceId, practitionerId, start);
        CREATE INDEX agenda_offer_expiry ON agenda_offer(practiceId, status, expiresAt)
        """

    /// The revision triggers: every inserted, updated or deleted row raises its revision (for an
    /// update, the old row's and the new row's), whatever process made the change. `floor` of the
    /// division is the week for negative starts too, as on SQLite. One statement each: a function's
    /// body holds `;`.
    static let revisions = [
        """
        CREATE FUNCTION agenda_raise_revision(forPractice TEXT, forPractitioner TEXT, forWeek BIGINT) RETURNS void
        LANGUAGE plpgsql AS $$
        BEGIN
          INSERT INTO agenda_revision(practiceId, practitionerId, week, revision) VALUES (forPractice, forPractitioner, forWeek, 1)
            ON CONFLICT (practiceId, practitionerId, week) DO UPDATE SET revision = agenda_revision.revision + 1;
        END $$
        """,
        """
        CREATE FUNCTION agenda_appointment_revised() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP IN ('UPDATE', 'DELETE') THEN
            PERFORM agenda_raise_revision(OLD.practiceId, OLD.practitionerId, \(week("OLD.start")));
          END IF;
          IF TG_OP IN ('INSERT', 'UPDATE') THEN
            PERFORM agenda_raise_revision(NEW.practiceId, NEW.practitionerId, \(week("NEW.start")));
          END IF;
          RETURN NULL;
        END $$
        """,
        """
        CREATE TRIGGER agenda_appointment_revised AFTER INSERT OR UPDATE OR DELETE ON agenda_appointment
          FOR EACH ROW EXECUTE FUNCTION agenda_appointment_revised()
        """,
        """
        CREATE FUNCTION agenda_absence_revised() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP IN ('UPDATE', 'DELETE') THEN
            PERFORM agenda_raise_revision(OLD.practiceId, OLD.practitionerId, \(absenceWeek));
          END IF;
          IF TG_OP IN ('INSERT', 'UPDATE') THEN
            PERFORM agenda_raise_revision(NEW.practiceId, NEW.practitionerId, \(absenceWeek));
          END IF;
          RETURN NULL;
        END $$
        """,
        """
        CREATE TRIGGER agenda_absence_revised AFTER INSERT OR UPDATE OR DELETE ON agenda_absence
          FOR EACH ROW EXECUTE FUNCTION agenda_absence_revised()
        """
    ]

    /// The week a start (an SQL expression of UTC seconds) falls in: `floor`, never truncation.
    private static func week(_ start: String) -> String {
        "CAST(floor(\(start) / \(Int(AgendaStore.weekSeconds))) AS BIGINT)"
    }

    /// `AgendaStore.absenceWeek` as PostgreSQL reads it: the literal is cast whole (a minus applied
    /// to 9223372036854775808 as a `BIGINT` would overflow).
    private static let absenceWeek = "CAST(\(AgendaStore.absenceWeek) AS BIGINT)"
}
