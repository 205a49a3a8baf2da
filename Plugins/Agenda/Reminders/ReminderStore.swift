import Foundation
import GRDB
import Kernel

/// The reminders' table (`agenda_reminder`) and every query on it. Every function runs inside the
/// caller's transaction.
enum ReminderStore {
    static func migrate(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("agenda.reminders.v1") { db in
            try db.create(table: "agenda_reminder") { t in
                t.column("id", .text).primaryKey()
                t.column("kind", .text).notNull()
                t.column("appointmentId", .text).notNull()
                t.column("phone", .text).notNull()
                t.column("dueAt", .double).notNull()
                t.column("status", .text).notNull()
                t.column("sentAt", .double)
                t.column("answeredAt", .double)
                t.column("skipReason", .text)
                t.column("segments", .integer)
            }
            try db.create(index: "agenda_reminder_due", on: "agenda_reminder", columns: ["status", "dueAt"])
            try db.create(index: "agenda_reminder_phone", on: "agenda_reminder", columns: ["phone", "status", "sentAt"])
            try db.create(index: "agenda_reminder_appointment", on: "agenda_reminder", columns: ["appointmentId"])
            // SMS sent to patients per local day and kind (reminder, notice, offer, answer), for the figures.
            try db.create(table: "agenda_sms_usage") { t in
                t.column("day", .text).notNull()
                t.column("event", .text).notNull()
                t.column("messages", .integer).notNull()
                t.column("segments", .integer).notNull()
                t.primaryKey(["day", "event"])
            }
        }
    }

    static func insert(_ r: Reminder, in db: Database) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO agenda_reminder(id, kind, appointmentId, phone, dueAt, status) VALUES (?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [r.id, r.kind.rawValue, r.appointmentId, r.phone, r.dueAt.timeIntervalSince1970, r.status.rawValue])
    }

    static func reminder(id: String, in db: Database) throws -> Reminder? {
        try Row.fetchOne(db, sql: "SELECT * FROM agenda_reminder WHERE id = ?", arguments: [id]).map(Reminder.init(row:))
    }

    /// Drops the planned reminders of an appointment (cancelled or moved); returns how many.
    @discardableResult
    static func dropPlanned(appointmentId: String, in db: Database) throws -> Int {
        try db.execute(sql: "DELETE FROM agenda_reminder WHERE appointmentId = ? AND status = 'planned'", arguments: [appointmentId])
        return db.changesCount
    }

    /// Closes the notices of an appointment that stands again: a reply no longer answers them.
    static func closeNotices(appointmentId: String, in db: Database) throws {
        try db.execute(
            sql: "UPDATE agenda_reminder SET status = 'skipped', skipReason = 'absenceRemoved' WHERE appointmentId = ? AND kind = 'notice' AND status = 'sent'",
            arguments: [appointmentId])
    }

    /// Whether the appointment already has a row of `kind`.
    static func exists(appointmentId: String, kind: Reminder.Kind, in db: Database) throws -> Bool {
        try Bool.fetchOne(
            db.cachedStatement(sql: "SELECT EXISTS(SELECT 1 FROM agenda_reminder WHERE appointmentId = ? AND kind = ?)"),
            arguments: [appointmentId, kind.rawValue]) ?? false
    }

    /// Planned reminders due at `now`, oldest first.
    static func due(at now: Date, limit: Int, in db: Database) throws -> [Reminder] {
        try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT * FROM agenda_reminder WHERE status = 'planned' AND dueAt <= ? ORDER BY dueAt, id LIMIT ?
                    """), arguments: [now.timeIntervalSince1970, limit]
        ).map(Reminder.init(row:))
    }

    static func anyDue(at now: Date, in db: Database) throws -> Bool {
        try Bool.fetchOne(
            db.cachedStatement(sql: "SELECT EXISTS(SELECT 1 FROM agenda_reminder WHERE status = 'planned' AND dueAt <= ?)"),
            arguments: [now.timeIntervalSince1970]) ?? false
    }

    static func nextDue(in db: Database) throws -> Date? {
        try Double.fetchOne(db, sql: "SELECT MIN(dueAt) FROM agenda_reminder WHERE status = 'planned'").map(Date.init(timeIntervalSince1970:))
    }

    static func markSent(_ id: String, at now: Date, segments: Int, in db: Database) throws {
        try db.cachedStatement(sql: "UPDATE agenda_reminder SET status = 'sent', sentAt = ?, segments = ? WHERE id = ?")
            .execute(arguments: [now.timeIntervalSince1970, segments, id])
    }

    /// Moves a planned reminder's due time (one due when sending is not allowed goes at the next allowed time).
    static func postpone(_ id: String, to dueAt: Date, in db: Database) throws {
        try db.cachedStatement(sql: "UPDATE agenda_reminder SET dueAt = ? WHERE id = ?").execute(arguments: [dueAt.timeIntervalSince1970, id])
    }

    static func markSkipped(_ id: String, reason: String, in db: Database) throws {
        try db.cachedStatement(sql: "UPDATE agenda_reminder SET status = 'skipped', skipReason = ? WHERE id = ?").execute(arguments: [reason, id])
    }

    static func markAnswered(_ id: String, status: Reminder.Status, at now: Date, in db: Database) throws {
        try db.execute(
            sql: "UPDATE agenda_reminder SET status = ?, answeredAt = ? WHERE id = ?",
            arguments: [status.rawValue, now.timeIntervalSince1970, id])
    }

    /// The latest reminder or notice sent to `phone` still waiting for an answer, for an
    /// appointment that has not started (a reminder's appointment must still be booked: one
    /// cancelled or moved since has nothing left to confirm).
    static func latestAwaiting(phone: String, now: Date, in db: Database) throws -> Reminder? {
        try awaiting(phone: phone, now: now, in: db).first
    }

    /// Every reminder or notice sent to `phone` still waiting for an answer, latest first (see
    /// `latestAwaiting`): more than one, and a reply cannot tell which it answers.
    static func awaiting(phone: String, now: Date, in db: Database) throws -> [Reminder] {
        try Array(
            Row.fetchCursor(
                db.cachedStatement(
                    sql: """
                        SELECT r.* FROM agenda_reminder r JOIN agenda_appointment a ON a.id = r.appointmentId
                        WHERE r.phone = ? AND r.status = 'sent' AND a.start > ? AND (r.kind = 'notice' OR a.status = 'booked')
                        ORDER BY r.sentAt DESC, r.rowid DESC
                        """), arguments: [phone, now.timeIntervalSince1970]
            ).map(Reminder.init(row:)))
    }

    /// Whether the practice ever texted `phone` about an appointment.
    static func anySent(to phone: String, in db: Database) throws -> Bool {
        try Bool.fetchOne(
            db.cachedStatement(sql: "SELECT EXISTS(SELECT 1 FROM agenda_reminder WHERE phone = ? AND sentAt IS NOT NULL)"),
            arguments: [phone]) ?? false
    }

    /// Reminders of appointments starting in `[from, to)`, by due time, after the previous page's key.
    static func page(from: Date, to: Date, after: [PageKey]?, limit: Int, in db: Database) throws -> [(key: [PageKey], item: Reminder)] {
        try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT r.* FROM agenda_reminder r JOIN agenda_appointment a ON a.id = r.appointmentId
                    WHERE a.start >= ?1 AND a.start < ?2 AND (?3 IS NULL OR (r.dueAt, r.id) > (?3, ?4)) ORDER BY r.dueAt, r.id LIMIT ?5
                    """), arguments: [from.timeIntervalSince1970, to.timeIntervalSince1970, after?[0].databaseValue, after?[1].databaseValue, limit]
        )
        .map { row in (key: [.real(row["dueAt"]), .text(row["id"])], item: Reminder(row: row)) }
    }

    /// Booked appointments starting in `[from, to)` that have no reminder nor notice row yet.
    static func unplanned(from: Date, to: Date, in db: Database) throws -> [Appointment] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT * FROM agenda_appointment a WHERE a.start >= ? AND a.start < ? AND a.status = 'booked'
                  AND NOT EXISTS (SELECT 1 FROM agenda_reminder r WHERE r.appointmentId = a.id)
                ORDER BY a.start
                """, arguments: [from.timeIntervalSince1970, to.timeIntervalSince1970]
        ).map(Appointment.init(row:))
    }

    /// Counts by status of the reminders (not notices) sent in `[from, to)`.
    static func counts(from: Date, to: Date, in db: Database) throws -> [String: Int] {
        var byStatus: [String: Int] = [:]
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT status, COUNT(*) FROM agenda_reminder WHERE kind = 'reminder' AND sentAt >= ? AND sentAt < ? GROUP BY status
                """, arguments: [from.timeIntervalSince1970, to.timeIntervalSince1970])
        {
            byStatus[row[0]] = row[1]
        }
        return byStatus
    }

    /// Counts one SMS of `segments` sent on local `day` for `event`.
    static func countSMS(day: String, event: String, segments: Int, in db: Database) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO agenda_sms_usage(day, event, messages, segments) VALUES (?, ?, 1, ?)
                  ON CONFLICT(day, event) DO UPDATE SET messages = messages + 1, segments = segments + excluded.segments
                """
        ).execute(arguments: [day, event, segments])
    }

    /// SMS and segments sent on local days `first...last` (`YYYY-MM-DD`).
    static func smsUsage(first: String, last: String, in db: Database) throws -> (messages: Int, segments: Int) {
        let row = try Row.fetchOne(
            db, sql: "SELECT COALESCE(SUM(messages), 0), COALESCE(SUM(segments), 0) FROM agenda_sms_usage WHERE day >= ? AND day <= ?",
            arguments: [first, last])
        return (row?[0] ?? 0, row?[1] ?? 0)
    }

    /// Appointments that started in `[from, min(to, now))` and kept their slot: practitioner, type,
    /// start, booking time, status, and whether a reminder was sent for them.
    static func startedAppointments(from: Date, to: Date, now: Date, in db: Database)
        throws -> [(practitionerId: String, typeId: String, start: Date, createdAt: Date, noShow: Bool, reminded: Bool)]
    {
        try Row.fetchAll(
            db,
            sql: """
                SELECT a.practitionerId, a.typeId, a.start, a.createdAt, a.status,
                  EXISTS(SELECT 1 FROM agenda_reminder r WHERE r.appointmentId = a.id AND r.kind = 'reminder' AND r.sentAt IS NOT NULL) AS reminded
                FROM agenda_appointment a WHERE a.start >= ? AND a.start < ? AND a.status IN \(AppointmentStatus.occupyingSQL)
                """, arguments: [from.timeIntervalSince1970, min(to, now).timeIntervalSince1970]
        ).map { row in
            (
                row[0], row[1], Date(timeIntervalSince1970: row[2]), Date(timeIntervalSince1970: row[3]),
                (row[4] as String) == AppointmentStatus.noshow.rawValue,
                row[5]
            )
        }
    }

    /// Appointments cancelled in `[from, to)` before they started (moved ones included): the slots freed.
    static func slotsFreed(from: Date, to: Date, in db: Database) throws -> Int {
        try Int.fetchOne(
            db,
            sql: """
                SELECT COUNT(*) FROM agenda_appointment WHERE status = 'cancelled' AND updatedAt >= ? AND updatedAt < ? AND start > updatedAt
                """, arguments: [from.timeIntervalSince1970, to.timeIntervalSince1970]) ?? 0
    }
}
