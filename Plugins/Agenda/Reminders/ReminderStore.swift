import Foundation
import GRDB
import Kernel

/// The reminders' table (`agenda_reminder`) and every query on it. Every function runs inside the
/// caller's transaction and reads or changes only the rows of `practiceId`.
enum ReminderStore {
    static func migrate(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("agenda.reminders.v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE agenda_reminder(
                      id TEXT PRIMARY KEY, kind TEXT NOT NULL, appointmentId TEXT NOT NULL, phone TEXT NOT NULL,
                      dueAt DOUBLE NOT NULL, status TEXT NOT NULL, sentAt DOUBLE, answeredAt DOUBLE, skipReason TEXT,
                      segments INTEGER)
                    """)
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

    static func insert(_ r: Reminder, practiceId: String, in db: any StoreConnection) throws {
        try db.run(
            "INSERT INTO agenda_reminder(practiceId, id, kind, appointmentId, phone, dueAt, status) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [practiceId, r.id, r.kind.rawValue, r.appointmentId, r.phone, r.dueAt.timeIntervalSince1970, r.status.rawValue], cached: true)
    }

    static func reminder(id: String, practiceId: String, in db: any StoreConnection) throws -> Reminder? {
        try db.row("SELECT * FROM agenda_reminder WHERE id = ? AND practiceId = ?", [id, practiceId], cached: true).map(Reminder.init(row:))
    }

    /// Drops the planned reminders of an appointment (cancelled or moved); returns how many.
    @discardableResult
    static func dropPlanned(appointmentId: String, practiceId: String, in db: any StoreConnection) throws -> Int {
        try db.run(
            "DELETE FROM agenda_reminder WHERE practiceId = ? AND appointmentId = ? AND status = 'planned'", [practiceId, appointmentId], cached: true)
        return db.changedRows
    }

    /// Closes the notices of an appointment that stands again: a reply no longer answers them.
    static func closeNotices(appointmentId: String, practiceId: String, in db: any StoreConnection) throws {
        try db.run(
            """
            UPDATE agenda_reminder SET status = 'skipped', skipReason = 'absenceRemoved'
            WHERE practiceId = ? AND appointmentId = ? AND kind = 'notice' AND status = 'sent'
            """, [practiceId, appointmentId], cached: true)
    }

    /// Whether the appointment already has a row of `kind`.
    static func exists(appointmentId: String, kind: Reminder.Kind, practiceId: String, in db: any StoreConnection) throws -> Bool {
        try db.value(
            Bool.self, "SELECT EXISTS(SELECT 1 FROM agenda_reminder WHERE practiceId = ? AND appointmentId = ? AND kind = ?)",
            [practiceId, appointmentId, kind.rawValue], cached: true) ?? false
    }

    /// Planned reminders due at `now`, oldest first.
    static func due(at now: Date, limit: Int, practiceId: String, in db: any StoreConnection) throws -> [Reminder] {
        try db.collect(
            "SELECT * FROM agenda_reminder WHERE practiceId = ? AND status = 'planned' AND dueAt <= ? ORDER BY dueAt, id LIMIT ?",
            [practiceId, now.timeIntervalSince1970, limit], cached: true, Reminder.init(row:))
    }

    static func anyDue(at now: Date, practiceId: String, in db: any StoreConnection) throws -> Bool {
        try db.value(
            Bool.self, "SELECT EXISTS(SELECT 1 FROM agenda_reminder WHERE practiceId = ? AND status = 'planned' AND dueAt <= ?)",
            [practiceId, now.timeIntervalSince1970], cached: true) ?? false
    }

    static func nextDue(practiceId: String, in db: any StoreConnection) throws -> Date? {
        try db.value(
            Double.self, "SELECT dueAt FROM agenda_reminder WHERE practiceId = ? AND status = 'planned' ORDER BY dueAt LIMIT 1", [practiceId], cached: true
        )
        .map(Date.init(timeIntervalSince1970:))
    }

    static func markSent(_ id: String, at now: Date, segments: Int, practiceId: String, in db: any StoreConnection) throws {
        try db.run(
            "UPDATE agenda_reminder SET status = 'sent', sentAt = ?, segments = ? WHERE id = ? AND practiceId = ?",
            [now.timeIntervalSince1970, segments, id, practiceId], cached: true)
    }

    /// Moves a planned reminder's due time (one due when sending is not allowed goes at the next allowed time).
    static func postpone(_ id: String, to dueAt: Date, practiceId: String, in db: any StoreConnection) throws {
        try db.run("UPDATE agenda_reminder SET dueAt = ? WHERE id = ? AND practiceId = ?", [dueAt.timeIntervalSince1970, id, practiceId], cached: true)
    }

    static func markSkipped(_ id: String, reason: String, practiceId: String, in db: any StoreConnection) throws {
        try db.run("UPDATE agenda_reminder SET status = 'skipped', skipReason = ? WHERE id = ? AND practiceId = ?", [reason, id, practiceId], cached: true)
    }

    static func markAnswered(_ id: String, status: Reminder.Status, at now: Date, practiceId: String, in db: any StoreConnection) throws {
        try db.run(
            "UPDATE agenda_reminder SET status = ?, answeredAt = ? WHERE id = ? AND practiceId = ?",
            [status.rawValue, now.timeIntervalSince1970, id, practiceId], cached: true)
    }

    /// The latest reminder or notice sent to `phone` still waiting for an answer, for an
    /// appointment that has not started (a reminder's appointment must still be booked: one
    /// cancelled or moved since has nothing left to confirm).
    static func latestAwaiting(phone: String, now: Date, practiceId: String, in db: any StoreConnection) throws -> Reminder? {
        try awaiting(phone: phone, now: now, practiceId: practiceId, in: db).first
    }

    /// Every reminder or notice sent to `phone` still waiting for an answer, latest first (see
    /// `latestAwaiting`): more than one, and a reply cannot tell which it answers.
    static func awaiting(phone: String, now: Date, practiceId: String, in db: any StoreConnection) throws -> [Reminder] {
        try db.collect(
            """
            SELECT r.* FROM agenda_reminder r JOIN agenda_appointment a ON a.id = r.appointmentId AND a.practiceId = r.practiceId
            WHERE r.practiceId = ? AND r.phone = ? AND r.status = 'sent' AND a.start > ? AND (r.kind = 'notice' OR a.status = 'booked')
            ORDER BY r.sentAt DESC, r.rowid DESC
            """, [practiceId, phone, now.timeIntervalSince1970], cached: true, Reminder.init(row:))
    }

    /// Whether the practice ever texted `phone` about an appointment.
    static func anySent(to phone: String, practiceId: String, in db: any StoreConnection) throws -> Bool {
        try db.value(
            Bool.self, "SELECT EXISTS(SELECT 1 FROM agenda_reminder WHERE practiceId = ? AND phone = ? AND sentAt IS NOT NULL)",
            [practiceId, phone], cached: true) ?? false
    }

    /// Reminders of appointments starting in `[from, to)`, by due time, after the previous page's key.
    static func page(
        from: Date, to: Date, after: [PageKey]?, limit: Int, practiceId: String, in db: any StoreConnection
    ) throws -> [(key: [PageKey], item: Reminder)] {
        try db.collect(
            """
            SELECT r.* FROM agenda_reminder r JOIN agenda_appointment a ON a.id = r.appointmentId AND a.practiceId = r.practiceId
            WHERE r.practiceId = ?6 AND a.start >= ?1 AND a.start < ?2 AND ((r.dueAt, r.id) > (?3, ?4) OR ?3 IS NULL) ORDER BY r.dueAt, r.id LIMIT ?5
            """, [from.timeIntervalSince1970, to.timeIntervalSince1970, after?[0], after?[1], limit, practiceId], cached: true
        ) { row in
            (key: [.real(row["dueAt"]), .text(row["id"])], item: Reminder(row: row))
        }
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
    /// live gets it at booking). Read on the planning's partial index (the PostgreSQL connection
    /// drops `INDEXED BY`).
    static func unconsidered(
        from: Date, to: Date, typeIds: Set<String>, limit: Int, practiceId: String, in db: any StoreConnection
    ) throws -> [(appointment: Appointment, hasReminder: Bool)] {
        guard !typeIds.isEmpty, limit > 0 else { return [] }
        let types = typeIds.sorted()
        return try db.collect(
            """
            SELECT a.*, EXISTS (SELECT 1 FROM agenda_reminder r WHERE r.practiceId = a.practiceId AND r.appointmentId = a.id) AS hasReminder
            FROM agenda_appointment a INDEXED BY agenda_appointment_practice_unconsidered
            WHERE a.practiceId = ? AND a.start >= ? AND a.start < ? AND a.reminderConsidered = 0 AND a.status = 'booked'
              AND a.typeId IN \(PersonalDataRows.placeholders(types.count))
            ORDER BY a.start LIMIT ?
            """, [practiceId, from.timeIntervalSince1970, to.timeIntervalSince1970] + StoreArguments(types) + [limit]
        ) { row in
            (Appointment(row: row), row["hasReminder"] as Bool)
        }
    }

    /// Marks appointments `ids` as looked at by the planning (`unconsidered` no longer lists them).
    static func markConsidered(ids: [String], practiceId: String, in db: any StoreConnection) throws {
        for chunk in stride(from: 0, to: ids.count, by: 500).map({ ids[$0..<min($0 + 500, ids.count)] }) {
            try db.run(
                "UPDATE agenda_appointment SET reminderConsidered = 1 WHERE practiceId = ? AND id IN \(PersonalDataRows.placeholders(chunk.count))",
                [practiceId] + StoreArguments(chunk))
        }
    }

    /// Counts by status of the reminders (not notices) sent in `[from, to)`.
    static func counts(from: Date, to: Date, practiceId: String, in db: any StoreConnection) throws -> [String: Int] {
        var byStatus: [String: Int] = [:]
        try db.forEachRow(
            "SELECT status, COUNT(*) FROM agenda_reminder WHERE practiceId = ? AND kind = 'reminder' AND sentAt >= ? AND sentAt < ? GROUP BY status",
            [practiceId, from.timeIntervalSince1970, to.timeIntervalSince1970], cached: true
        ) { row in
            byStatus[row[0]] = row[1]
            return true
        }
        return byStatus
    }

    /// Counts one SMS of `segments` sent on local `day` for `event`.
    static func countSMS(day: String, event: String, segments: Int, practiceId: String, in db: any StoreConnection) throws {
        try db.run(
            """
            INSERT INTO agenda_sms_usage(practiceId, day, event, messages, segments) VALUES (?, ?, ?, 1, ?)
              ON CONFLICT(practiceId, day, event) DO UPDATE SET messages = agenda_sms_usage.messages + 1,
                segments = agenda_sms_usage.segments + excluded.segments
            """, [practiceId, day, event, segments], cached: true)
    }

    /// SMS and segments sent on local days `first...last` (`YYYY-MM-DD`). The sums are cast back to
    /// integers: PostgreSQL sums `BIGINT`s as `NUMERIC`.
    static func smsUsage(first: String, last: String, practiceId: String, in db: any StoreConnection) throws -> (messages: Int, segments: Int) {
        let row = try db.row(
            """
            SELECT CAST(COALESCE(SUM(messages), 0) AS BIGINT), CAST(COALESCE(SUM(segments), 0) AS BIGINT) FROM agenda_sms_usage
            WHERE practiceId = ? AND day >= ? AND day <= ?
            """, [practiceId, first, last], cached: true)
        return (row?[0] ?? 0, row?[1] ?? 0)
    }

    /// Appointments that started in `[from, min(to, now))` and kept their slot: practitioner, type,
    /// start, booking time, status, and whether a reminder was sent for them.
    static func startedAppointments(from: Date, to: Date, now: Date, practiceId: String, in db: any StoreConnection)
        throws -> [(practitionerId: String, typeId: String, start: Date, createdAt: Date, noShow: Bool, reminded: Bool)]
    {
        try db.collect(
            """
            SELECT a.practitionerId, a.typeId, a.start, a.createdAt, a.status,
              EXISTS(SELECT 1 FROM agenda_reminder r WHERE r.practiceId = a.practiceId AND r.appointmentId = a.id AND r.kind = 'reminder'
                AND r.sentAt IS NOT NULL) AS reminded
            FROM agenda_appointment a WHERE a.practiceId = ? AND a.start >= ? AND a.start < ? AND a.status IN \(AppointmentStatus.occupyingSQL)
            """, [practiceId, from.timeIntervalSince1970, min(to, now).timeIntervalSince1970]
        ) { row in
            (
                row[0], row[1], Date(timeIntervalSince1970: row[2]), Date(timeIntervalSince1970: row[3]),
                (row[4] as String) == AppointmentStatus.noshow.rawValue,
                row[5]
            )
        }
    }

    /// Appointments cancelled in `[from, to)` before they started (moved ones included): the slots freed.
    static func slotsFreed(from: Date, to: Date, practiceId: String, in db: any StoreConnection) throws -> Int {
        try db.value(
            Int.self,
            """
            SELECT COUNT(*) FROM agenda_appointment
            WHERE practiceId = ? AND status = 'cancelled' AND updatedAt >= ? AND updatedAt < ? AND start > updatedAt
            """, [practiceId, from.timeIntervalSince1970, to.timeIntervalSince1970], cached: true) ?? 0
    }
}
