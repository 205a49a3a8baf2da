import Foundation
import GRDB
import Kernel

/// The reminders' table (`agenda_reminder`) and every query on it. Every function runs inside the
/// caller's transaction and reads or changes only the rows of `practiceId`.
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

    static func insert(_ r: Reminder, practiceId: String, in db: Database) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO agenda_reminder(practiceId, id, kind, appointmentId, phone, dueAt, status) VALUES (?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [practiceId, r.id, r.kind.rawValue, r.appointmentId, r.phone, r.dueAt.timeIntervalSince1970, r.status.rawValue])
    }

    static func reminder(id: String, practiceId: String, in db: Database) throws -> Reminder? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM agenda_reminder WHERE id = ? AND practiceId = ?"), arguments: [id, practiceId]).map(
            Reminder.init(row:))
    }

    /// Drops the planned reminders of an appointment (cancelled or moved); returns how many.
    @discardableResult
    static func dropPlanned(appointmentId: String, practiceId: String, in db: Database) throws -> Int {
        try db.cachedStatement(sql: "DELETE FROM agenda_reminder WHERE practiceId = ? AND appointmentId = ? AND status = 'planned'").execute(arguments: [
            practiceId, appointmentId
        ])
        return db.changesCount
    }

    /// Closes the notices of an appointment that stands again: a reply no longer answers them.
    static func closeNotices(appointmentId: String, practiceId: String, in db: Database) throws {
        try db.cachedStatement(
            sql: """
                UPDATE agenda_reminder SET status = 'skipped', skipReason = 'absenceRemoved'
                WHERE practiceId = ? AND appointmentId = ? AND kind = 'notice' AND status = 'sent'
                """
        ).execute(arguments: [practiceId, appointmentId])
    }

    /// Whether the appointment already has a row of `kind`.
    static func exists(appointmentId: String, kind: Reminder.Kind, practiceId: String, in db: Database) throws -> Bool {
        try Bool.fetchOne(
            db.cachedStatement(sql: "SELECT EXISTS(SELECT 1 FROM agenda_reminder WHERE practiceId = ? AND appointmentId = ? AND kind = ?)"),
            arguments: [practiceId, appointmentId, kind.rawValue]) ?? false
    }

    /// Planned reminders due at `now`, oldest first.
    static func due(at now: Date, limit: Int, practiceId: String, in db: Database) throws -> [Reminder] {
        try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT * FROM agenda_reminder WHERE practiceId = ? AND status = 'planned' AND dueAt <= ? ORDER BY dueAt, id LIMIT ?
                    """), arguments: [practiceId, now.timeIntervalSince1970, limit]
        ).map(Reminder.init(row:))
    }

    static func anyDue(at now: Date, practiceId: String, in db: Database) throws -> Bool {
        try Bool.fetchOne(
            db.cachedStatement(sql: "SELECT EXISTS(SELECT 1 FROM agenda_reminder WHERE practiceId = ? AND status = 'planned' AND dueAt <= ?)"),
            arguments: [practiceId, now.timeIntervalSince1970]) ?? false
    }

    static func nextDue(practiceId: String, in db: Database) throws -> Date? {
        try Double.fetchOne(
            db.cachedStatement(sql: "SELECT MIN(dueAt) FROM agenda_reminder WHERE practiceId = ? AND status = 'planned'"), arguments: [practiceId]
        )
        .map(Date.init(timeIntervalSince1970:))
    }

    static func markSent(_ id: String, at now: Date, segments: Int, practiceId: String, in db: Database) throws {
        try db.cachedStatement(sql: "UPDATE agenda_reminder SET status = 'sent', sentAt = ?, segments = ? WHERE id = ? AND practiceId = ?")
            .execute(arguments: [now.timeIntervalSince1970, segments, id, practiceId])
    }

    /// Moves a planned reminder's due time (one due when sending is not allowed goes at the next allowed time).
    static func postpone(_ id: String, to dueAt: Date, practiceId: String, in db: Database) throws {
        try db.cachedStatement(sql: "UPDATE agenda_reminder SET dueAt = ? WHERE id = ? AND practiceId = ?")
            .execute(arguments: [dueAt.timeIntervalSince1970, id, practiceId])
    }

    static func markSkipped(_ id: String, reason: String, practiceId: String, in db: Database) throws {
        try db.cachedStatement(sql: "UPDATE agenda_reminder SET status = 'skipped', skipReason = ? WHERE id = ? AND practiceId = ?")
            .execute(arguments: [reason, id, practiceId])
    }

    static func markAnswered(_ id: String, status: Reminder.Status, at now: Date, practiceId: String, in db: Database) throws {
        try db.cachedStatement(sql: "UPDATE agenda_reminder SET status = ?, answeredAt = ? WHERE id = ? AND practiceId = ?").execute(arguments: [
            status.rawValue, now.timeIntervalSince1970, id, practiceId
        ])
    }

    /// The latest reminder or notice sent to `phone` still waiting for an answer, for an
    /// appointment that has not started (a reminder's appointment must still be booked: one
    /// cancelled or moved since has nothing left to confirm).
    static func latestAwaiting(phone: String, now: Date, practiceId: String, in db: Database) throws -> Reminder? {
        try awaiting(phone: phone, now: now, practiceId: practiceId, in: db).first
    }

    /// Every reminder or notice sent to `phone` still waiting for an answer, latest first (see
    /// `latestAwaiting`): more than one, and a reply cannot tell which it answers.
    static func awaiting(phone: String, now: Date, practiceId: String, in db: Database) throws -> [Reminder] {
        try Array(
            Row.fetchCursor(
                db.cachedStatement(
                    sql: """
                        SELECT r.* FROM agenda_reminder r JOIN agenda_appointment a ON a.id = r.appointmentId AND a.practiceId = r.practiceId
                        WHERE r.practiceId = ? AND r.phone = ? AND r.status = 'sent' AND a.start > ? AND (r.kind = 'notice' OR a.status = 'booked')
                        ORDER BY r.sentAt DESC, r.rowid DESC
                        """), arguments: [practiceId, phone, now.timeIntervalSince1970]
            ).map(Reminder.init(row:)))
    }

    /// Whether the practice ever texted `phone` about an appointment.
    static func anySent(to phone: String, practiceId: String, in db: Database) throws -> Bool {
        try Bool.fetchOne(
            db.cachedStatement(sql: "SELECT EXISTS(SELECT 1 FROM agenda_reminder WHERE practiceId = ? AND phone = ? AND sentAt IS NOT NULL)"),
            arguments: [practiceId, phone]) ?? false
    }

    /// Reminders of appointments starting in `[from, to)`, by due time, after the previous page's key.
    static func page(
        from: Date, to: Date, after: [PageKey]?, limit: Int, practiceId: String, in db: Database
    ) throws -> [(key: [PageKey], item: Reminder)] {
        try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT r.* FROM agenda_reminder r JOIN agenda_appointment a ON a.id = r.appointmentId AND a.practiceId = r.practiceId
                    WHERE r.practiceId = ?6 AND a.start >= ?1 AND a.start < ?2 AND (?3 IS NULL OR (r.dueAt, r.id) > (?3, ?4)) ORDER BY r.dueAt, r.id LIMIT ?5
                    """), arguments: [from.timeIntervalSince1970, to.timeIntervalSince1970, after?[0].databaseValue, after?[1].databaseValue, limit, practiceId]
        )
        .map { row in (key: [.real(row["dueAt"]), .text(row["id"])], item: Reminder(row: row)) }
    }

    /// Registers `agenda.v6-reminder-planning`: `agenda_appointment.reminderConsidered`, set once the
    /// start-up's planning has looked at an appointment of a reminded type (whether or not it got a
    /// reminder: no phone, booked after its reminder time), and a partial index over those not yet
    /// looked at, so that a start reads only the appointments imported since the last one. Existing
    /// appointments with a reminder row are marked.
    static func migratePlanning(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("agenda.v6-reminder-planning") { db in
            try db.execute(sql: "ALTER TABLE agenda_appointment ADD COLUMN reminderConsidered INTEGER NOT NULL DEFAULT 0")
            try db.execute(
                sql: """
                    UPDATE agenda_appointment SET reminderConsidered = 1
                    WHERE EXISTS (SELECT 1 FROM agenda_reminder r WHERE r.practiceId = agenda_appointment.practiceId AND r.appointmentId = agenda_appointment.id)
                    """)
            try db.execute(
                sql: "CREATE INDEX agenda_appointment_practice_unconsidered ON agenda_appointment(practiceId, start) WHERE reminderConsidered = 0")
        }
    }

    /// The booked appointments of `typeIds` starting in `[from, to)` that no planning has looked at
    /// yet, at most `limit`, in start order, each with whether it already has a reminder (one booked
    /// live gets it at booking). Read on the planning's partial index.
    static func unconsidered(
        from: Date, to: Date, typeIds: Set<String>, limit: Int, practiceId: String, in db: Database
    ) throws -> [(appointment: Appointment, hasReminder: Bool)] {
        guard !typeIds.isEmpty, limit > 0 else { return [] }
        let types = typeIds.sorted()
        return try Array(
            Row.fetchCursor(
                db,
                sql: """
                    SELECT a.*, EXISTS (SELECT 1 FROM agenda_reminder r WHERE r.practiceId = a.practiceId AND r.appointmentId = a.id) AS hasReminder
                    FROM agenda_appointment a INDEXED BY agenda_appointment_practice_unconsidered
                    WHERE a.practiceId = ? AND a.start >= ? AND a.start < ? AND a.reminderConsidered = 0 AND a.status = 'booked'
                      AND a.typeId IN \(PersonalDataRows.placeholders(types.count))
                    ORDER BY a.start LIMIT ?
                    """,
                arguments: [practiceId, from.timeIntervalSince1970, to.timeIntervalSince1970] + StatementArguments(types) + [limit]
            ).map { (Appointment(row: $0), $0["hasReminder"] as Bool) })
    }

    /// Marks appointments `ids` as looked at by the planning (`unconsidered` no longer lists them).
    static func markConsidered(ids: [String], practiceId: String, in db: Database) throws {
        for chunk in stride(from: 0, to: ids.count, by: 500).map({ ids[$0..<min($0 + 500, ids.count)] }) {
            try db.execute(
                sql: "UPDATE agenda_appointment SET reminderConsidered = 1 WHERE practiceId = ? AND id IN \(PersonalDataRows.placeholders(chunk.count))",
                arguments: [practiceId] + StatementArguments(Array(chunk)))
        }
    }

    /// Counts by status of the reminders (not notices) sent in `[from, to)`.
    static func counts(from: Date, to: Date, practiceId: String, in db: Database) throws -> [String: Int] {
        var byStatus: [String: Int] = [:]
        for row in try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT status, COUNT(*) FROM agenda_reminder WHERE practiceId = ? AND kind = 'reminder' AND sentAt >= ? AND sentAt < ? GROUP BY status
                    """), arguments: [practiceId, from.timeIntervalSince1970, to.timeIntervalSince1970])
        {
            byStatus[row[0]] = row[1]
        }
        return byStatus
    }

    /// Counts one SMS of `segments` sent on local `day` for `event`.
    static func countSMS(day: String, event: String, segments: Int, practiceId: String, in db: Database) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO agenda_sms_usage(practiceId, day, event, messages, segments) VALUES (?, ?, ?, 1, ?)
                  ON CONFLICT(practiceId, day, event) DO UPDATE SET messages = messages + 1, segments = segments + excluded.segments
                """
        ).execute(arguments: [practiceId, day, event, segments])
    }

    /// SMS and segments sent on local days `first...last` (`YYYY-MM-DD`).
    static func smsUsage(first: String, last: String, practiceId: String, in db: Database) throws -> (messages: Int, segments: Int) {
        let row = try Row.fetchOne(
            db.cachedStatement(
                sql: "SELECT COALESCE(SUM(messages), 0), COALESCE(SUM(segments), 0) FROM agenda_sms_usage WHERE practiceId = ? AND day >= ? AND day <= ?"),
            arguments: [practiceId, first, last])
        return (row?[0] ?? 0, row?[1] ?? 0)
    }

    /// Appointments that started in `[from, min(to, now))` and kept their slot: practitioner, type,
    /// start, booking time, status, and whether a reminder was sent for them.
    static func startedAppointments(from: Date, to: Date, now: Date, practiceId: String, in db: Database)
        throws -> [(practitionerId: String, typeId: String, start: Date, createdAt: Date, noShow: Bool, reminded: Bool)]
    {
        try Row.fetchAll(
            db,
            sql: """
                SELECT a.practitionerId, a.typeId, a.start, a.createdAt, a.status,
                  EXISTS(SELECT 1 FROM agenda_reminder r WHERE r.practiceId = a.practiceId AND r.appointmentId = a.id AND r.kind = 'reminder'
                    AND r.sentAt IS NOT NULL) AS reminded
                FROM agenda_appointment a WHERE a.practiceId = ? AND a.start >= ? AND a.start < ? AND a.status IN \(AppointmentStatus.occupyingSQL)
                """, arguments: [practiceId, from.timeIntervalSince1970, min(to, now).timeIntervalSince1970]
        ).map { row in
            (
                row[0], row[1], Date(timeIntervalSince1970: row[2]), Date(timeIntervalSince1970: row[3]),
                (row[4] as String) == AppointmentStatus.noshow.rawValue,
                row[5]
            )
        }
    }

    /// Appointments cancelled in `[from, to)` before they started (moved ones included): the slots freed.
    static func slotsFreed(from: Date, to: Date, practiceId: String, in db: Database) throws -> Int {
        try Int.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT COUNT(*) FROM agenda_appointment
                    WHERE practiceId = ? AND status = 'cancelled' AND updatedAt >= ? AND updatedAt < ? AND start > updatedAt
                    """), arguments: [practiceId, from.timeIntervalSince1970, to.timeIntervalSince1970]) ?? 0
    }
}
