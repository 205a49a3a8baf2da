import GRDB
import Kernel

/// `agenda.v4-practice`: every `agenda_*` table gets its `practiceId` (existing rows: the database's
/// owner), and the keys and indexes the agenda's queries use lead with it.
///
/// Registered after the agenda's other migrations. Unique keys include the practice (an
/// appointment's idempotency key, a practitioner's week revision, a day's SMS count), so the same
/// key used by two practices names two rows. Ids drawn at random (appointments, absences,
/// reminders, offers, feeds and their token hashes) stay unique on their own.
enum AgendaPracticeMigration {
    static let tables = [
        "agenda_appointment", "agenda_absence", "agenda_revision", "agenda_calendar_feed", "agenda_reminder", "agenda_sms_usage",
        "agenda_waitlist", "agenda_offer"
    ]

    static func migrate(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("agenda.v4-practice") { db in
            for table in tables { try PracticeColumn.add(to: table, in: db) }
            try db.execute(
                sql: """
                    DROP INDEX agenda_appointment_occupancy;
                    CREATE INDEX agenda_appointment_occupancy ON agenda_appointment(practiceId, practitionerId, start, blockEnd, status, typeId, id);
                    DROP INDEX agenda_appointment_patient;
                    CREATE INDEX agenda_appointment_patient ON agenda_appointment(practiceId, patientId, start);
                    DROP INDEX agenda_appointment_idempotency;
                    CREATE UNIQUE INDEX agenda_appointment_idempotency ON agenda_appointment(practiceId, idempotencyKey)
                      WHERE idempotencyKey IS NOT NULL;
                    DROP INDEX agenda_absence_practitioner_start;
                    CREATE INDEX agenda_absence_practitioner_start ON agenda_absence(practiceId, practitionerId, start);
                    DROP INDEX agenda_calendar_feed_on_practitionerId;
                    CREATE INDEX agenda_calendar_feed_practitioner ON agenda_calendar_feed(practiceId, practitionerId);
                    DROP INDEX agenda_reminder_due;
                    CREATE INDEX agenda_reminder_due ON agenda_reminder(practiceId, status, dueAt);
                    DROP INDEX agenda_reminder_phone;
                    CREATE INDEX agenda_reminder_phone ON agenda_reminder(practiceId, phone, status, sentAt);
                    DROP INDEX agenda_reminder_appointment;
                    CREATE INDEX agenda_reminder_appointment ON agenda_reminder(practiceId, appointmentId);
                    DROP INDEX agenda_waitlist_type;
                    CREATE INDEX agenda_waitlist_type ON agenda_waitlist(practiceId, status, typeId, createdAt);
                    DROP INDEX agenda_offer_phone;
                    CREATE INDEX agenda_offer_phone ON agenda_offer(practiceId, phone, status, sentAt);
                    DROP INDEX agenda_offer_slot;
                    CREATE INDEX agenda_offer_slot ON agenda_offer(practiceId, practitionerId, start);
                    DROP INDEX agenda_offer_expiry;
                    CREATE INDEX agenda_offer_expiry ON agenda_offer(practiceId, status, expiresAt);
                    """)
            // Keys that are not random ids: rebuilt with the practice first (SQLite cannot change a key).
            try db.execute(
                sql: """
                    CREATE TABLE agenda_sms_usage_new(
                      practiceId TEXT NOT NULL, day TEXT NOT NULL, event TEXT NOT NULL, messages INTEGER NOT NULL, segments INTEGER NOT NULL,
                      PRIMARY KEY(practiceId, day, event));
                    INSERT INTO agenda_sms_usage_new(practiceId, day, event, messages, segments)
                      SELECT practiceId, day, event, messages, segments FROM agenda_sms_usage;
                    DROP TABLE agenda_sms_usage;
                    ALTER TABLE agenda_sms_usage_new RENAME TO agenda_sms_usage;
                    """)
            // The revision triggers name the table: dropped before it is rebuilt, created again with the practice.
            try db.execute(
                sql: """
                    DROP TRIGGER agenda_appointment_inserted;
                    DROP TRIGGER agenda_appointment_updated;
                    DROP TRIGGER agenda_appointment_deleted;
                    DROP TRIGGER agenda_absence_inserted;
                    DROP TRIGGER agenda_absence_updated;
                    DROP TRIGGER agenda_absence_deleted;
                    CREATE TABLE agenda_revision_new(
                      practiceId TEXT NOT NULL, practitionerId TEXT NOT NULL, week INTEGER NOT NULL, revision INTEGER NOT NULL,
                      PRIMARY KEY(practiceId, practitionerId, week)) WITHOUT ROWID;
                    INSERT INTO agenda_revision_new(practiceId, practitionerId, week, revision)
                      SELECT practiceId, practitionerId, week, revision FROM agenda_revision;
                    DROP TABLE agenda_revision;
                    ALTER TABLE agenda_revision_new RENAME TO agenda_revision;
                    CREATE TRIGGER agenda_appointment_inserted AFTER INSERT ON agenda_appointment BEGIN
                      \(AgendaStore.raise(row: "NEW", week: "NEW.start"));
                    END;
                    CREATE TRIGGER agenda_appointment_updated AFTER UPDATE ON agenda_appointment BEGIN
                      \(AgendaStore.raise(row: "OLD", week: "OLD.start"));
                      \(AgendaStore.raise(row: "NEW", week: "NEW.start"));
                    END;
                    CREATE TRIGGER agenda_appointment_deleted AFTER DELETE ON agenda_appointment BEGIN
                      \(AgendaStore.raise(row: "OLD", week: "OLD.start"));
                    END;
                    CREATE TRIGGER agenda_absence_inserted AFTER INSERT ON agenda_absence BEGIN
                      \(AgendaStore.raise(row: "NEW", week: nil));
                    END;
                    CREATE TRIGGER agenda_absence_updated AFTER UPDATE ON agenda_absence BEGIN
                      \(AgendaStore.raise(row: "OLD", week: nil));
                      \(AgendaStore.raise(row: "NEW", week: nil));
                    END;
                    CREATE TRIGGER agenda_absence_deleted AFTER DELETE ON agenda_absence BEGIN
                      \(AgendaStore.raise(row: "OLD", week: nil));
                    END;
                    """)
        }
    }
}
