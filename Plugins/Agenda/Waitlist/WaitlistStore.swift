import Foundation
import GRDB
import JSONRPC
import Kernel

/// The waiting list's tables (`agenda_waitlist`, `agenda_offer`) and every query on them. Every
/// function runs inside the caller's transaction and reads or changes only the rows of `practiceId`.
enum WaitlistStore {
    static func migrate(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("agenda.waitlist.v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE agenda_waitlist(
                      id TEXT PRIMARY KEY, patientId TEXT NOT NULL, phone TEXT NOT NULL, typeId TEXT NOT NULL,
                      practitionerIds TEXT, specialty TEXT, siteId TEXT, earliest DOUBLE, latest DOUBLE, preferredTimes TEXT,
                      note TEXT, status TEXT NOT NULL, createdAt DOUBLE NOT NULL, createdBy TEXT NOT NULL, appointmentId TEXT)
                    """)
            try db.create(index: "agenda_waitlist_type", on: "agenda_waitlist", columns: ["status", "typeId", "createdAt"])
            try db.create(table: "agenda_offer") { t in
                t.column("id", .text).primaryKey()
                t.column("entryId", .text).notNull()
                t.column("patientId", .text).notNull()
                t.column("phone", .text).notNull()
                t.column("practitionerId", .text).notNull()
                t.column("siteId", .text).notNull()
                t.column("typeId", .text).notNull()
                t.column("start", .double).notNull()
                t.column("status", .text).notNull()
                t.column("sentAt", .double).notNull()
                t.column("expiresAt", .double).notNull()
                t.column("answeredAt", .double)
                t.column("appointmentId", .text)
                t.column("freedBy", .text)
            }
            try db.create(index: "agenda_offer_phone", on: "agenda_offer", columns: ["phone", "status", "sentAt"])
            try db.create(index: "agenda_offer_slot", on: "agenda_offer", columns: ["practitionerId", "start"])
            try db.create(index: "agenda_offer_expiry", on: "agenda_offer", columns: ["status", "expiresAt"])
        }
    }

    static func insert(_ e: WaitlistEntry, practiceId: String, in db: any StoreConnection) throws {
        try db.run(
            """
            INSERT INTO agenda_waitlist(practiceId, id, patientId, phone, typeId, practitionerIds, specialty, siteId, earliest, latest,
              preferredTimes, note, status, createdAt, createdBy, appointmentId) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                practiceId, e.id, e.patientId, e.phone, e.appointmentTypeId, e.practitionerIds.joined(separator: ","), e.specialty, e.siteId,
                e.earliest?.timeIntervalSince1970, e.latest?.timeIntervalSince1970,
                e.preferredTimes.map(\.description).joined(separator: ","), e.note, e.status.rawValue,
                e.createdAt.timeIntervalSince1970, e.createdBy, e.appointmentId
            ], cached: true)
    }

    static func entry(id: String, practiceId: String, in db: any StoreConnection) throws -> WaitlistEntry? {
        try db.row("SELECT * FROM agenda_waitlist WHERE id = ? AND practiceId = ?", [id, practiceId], cached: true).map(WaitlistEntry.init(row:))
    }

    static func setStatus(
        entryId: String, _ status: WaitlistEntry.Status, appointmentId: String? = nil, practiceId: String, in db: any StoreConnection
    ) throws {
        try db.run(
            "UPDATE agenda_waitlist SET status = ?, appointmentId = COALESCE(?, appointmentId) WHERE id = ? AND practiceId = ?",
            [status.rawValue, appointmentId, entryId, practiceId], cached: true)
    }

    /// Takes off the list the entries a patient joined by answering OUI to the notice of
    /// `appointmentId` (the appointment stands again); returns how many.
    @discardableResult
    static func removeJoinedByNotice(appointmentId: String, practiceId: String, in db: any StoreConnection) throws -> Int {
        try db.run(
            "UPDATE agenda_waitlist SET status = 'removed' WHERE practiceId = ? AND status = 'waiting' AND createdBy = 'patient-sms' AND note = ?",
            [practiceId, "Suite à l'annulation du RDV \(appointmentId)"], cached: true)
        return db.changedRows
    }

    /// Waiting entries for `typeId`, longest waiting first.
    static func waiting(typeId: String, practiceId: String, in db: any StoreConnection) throws -> [WaitlistEntry] {
        try db.collect(
            "SELECT * FROM agenda_waitlist WHERE practiceId = ? AND status = 'waiting' AND typeId = ? ORDER BY createdAt, rowid",
            [practiceId, typeId], cached: true, WaitlistEntry.init(row:))
    }

    /// Appointment types someone waits for.
    static func waitingTypes(practiceId: String, in db: any StoreConnection) throws -> [String] {
        try db.values(
            String.self, "SELECT DISTINCT typeId FROM agenda_waitlist WHERE practiceId = ? AND status = 'waiting'", [practiceId], cached: true)
    }

    /// Entries by creation, optionally of one status and one patient, after the previous page's key.
    static func page(
        status: WaitlistEntry.Status?, patientId: String?, after: [PageKey]?, limit: Int, practiceId: String,
        in db: any StoreConnection
    ) throws -> [(key: [PageKey], item: WaitlistEntry)] {
        try db.collect(
            """
            SELECT * FROM agenda_waitlist WHERE practiceId = ?6 AND (status = ?1 OR ?1 IS NULL) AND (patientId = ?2 OR ?2 IS NULL)
              AND ((createdAt, id) > (?3, ?4) OR ?3 IS NULL) ORDER BY createdAt, id LIMIT ?5
            """, [status?.rawValue, patientId, after?[0], after?[1], limit, practiceId], cached: true
        ) { row in
            (key: [.real(row["createdAt"]), .text(row["id"])], item: WaitlistEntry(row: row))
        }
    }

    // MARK: - Offers

    static func insert(_ o: SlotOffer, practiceId: String, in db: any StoreConnection) throws {
        try db.run(
            """
            INSERT INTO agenda_offer(practiceId, id, entryId, patientId, phone, practitionerId, siteId, typeId, start, status, sentAt, expiresAt,
              answeredAt, appointmentId, freedBy) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                practiceId, o.id, o.entryId, o.patientId, o.phone, o.practitionerId, o.siteId, o.appointmentTypeId,
                o.start.timeIntervalSince1970, o.status.rawValue, o.sentAt.timeIntervalSince1970,
                o.expiresAt.timeIntervalSince1970, o.answeredAt?.timeIntervalSince1970, o.appointmentId, o.freedBy
            ], cached: true)
    }

    static func offer(id: String, practiceId: String, in db: any StoreConnection) throws -> SlotOffer? {
        try db.row("SELECT * FROM agenda_offer WHERE id = ? AND practiceId = ?", [id, practiceId], cached: true).map(SlotOffer.init(row:))
    }

    static func answer(
        offerId: String, _ status: SlotOffer.Status, at now: Date, appointmentId: String? = nil, practiceId: String, in db: any StoreConnection
    ) throws {
        try db.run(
            "UPDATE agenda_offer SET status = ?, answeredAt = ?, appointmentId = COALESCE(?, appointmentId) WHERE id = ? AND practiceId = ?",
            [status.rawValue, now.timeIntervalSince1970, appointmentId, offerId, practiceId], cached: true)
    }

    /// An offer nobody answered in time (its `answeredAt` stays empty).
    static func markExpired(offerId: String, practiceId: String, in db: any StoreConnection) throws {
        try db.run("UPDATE agenda_offer SET status = 'expired' WHERE id = ? AND practiceId = ?", [offerId, practiceId], cached: true)
    }

    /// Offers of one slot (practitioner and start), any status.
    static func offers(practitionerId: String, start: Date, practiceId: String, in db: any StoreConnection) throws -> [SlotOffer] {
        try db.collect(
            "SELECT * FROM agenda_offer WHERE practiceId = ? AND practitionerId = ? AND start = ?",
            [practiceId, practitionerId, start.timeIntervalSince1970], cached: true, SlotOffer.init(row:))
    }

    /// Whether the entry has an offer still open (sent, not expired).
    static func hasOpenOffer(entryId: String, now: Date, practiceId: String, in db: any StoreConnection) throws -> Bool {
        try db.value(
            Bool.self, "SELECT EXISTS(SELECT 1 FROM agenda_offer WHERE practiceId = ? AND entryId = ? AND status = 'sent' AND expiresAt > ?)",
            [practiceId, entryId, now.timeIntervalSince1970], cached: true) ?? false
    }

    /// The latest offer sent to `phone` still open at `now`.
    static func latestOpen(phone: String, now: Date, practiceId: String, in db: any StoreConnection) throws -> SlotOffer? {
        try open(phone: phone, now: now, practiceId: practiceId, in: db).first
    }

    /// Every offer sent to `phone` still open at `now`, latest first.
    static func open(phone: String, now: Date, practiceId: String, in db: any StoreConnection) throws -> [SlotOffer] {
        try db.collect(
            """
            SELECT * FROM agenda_offer WHERE practiceId = ? AND phone = ? AND status = 'sent' AND expiresAt > ?
            ORDER BY sentAt DESC, rowid DESC
            """, [practiceId, phone, now.timeIntervalSince1970], cached: true, SlotOffer.init(row:))
    }

    /// The latest offer sent to `phone` that expired unanswered within `window` before `now`.
    static func latestExpired(phone: String, now: Date, window: TimeInterval, practiceId: String, in db: any StoreConnection) throws -> SlotOffer? {
        try db.row(
            """
            SELECT * FROM agenda_offer WHERE practiceId = ? AND phone = ? AND status IN ('sent', 'expired') AND answeredAt IS NULL
              AND expiresAt <= ? AND expiresAt > ?
            ORDER BY sentAt DESC LIMIT 1
            """, [practiceId, phone, now.timeIntervalSince1970, now.timeIntervalSince1970 - window], cached: true
        ).map(SlotOffer.init(row:))
    }

    /// Whether the practice ever offered a slot to `phone`.
    static func anyOffer(to phone: String, practiceId: String, in db: any StoreConnection) throws -> Bool {
        try db.value(
            Bool.self, "SELECT EXISTS(SELECT 1 FROM agenda_offer WHERE practiceId = ? AND phone = ?)", [practiceId, phone], cached: true) ?? false
    }

    /// Offers still marked sent whose time ran out at `now`.
    static func expired(at now: Date, practiceId: String, in db: any StoreConnection) throws -> [SlotOffer] {
        try db.collect(
            "SELECT * FROM agenda_offer WHERE practiceId = ? AND status = 'sent' AND expiresAt <= ? ORDER BY expiresAt",
            [practiceId, now.timeIntervalSince1970], cached: true, SlotOffer.init(row:))
    }

    /// Moves an open offer's expiry.
    static func extend(offerId: String, to expiresAt: Date, practiceId: String, in db: any StoreConnection) throws {
        try db.run(
            "UPDATE agenda_offer SET expiresAt = ? WHERE id = ? AND practiceId = ?", [expiresAt.timeIntervalSince1970, offerId, practiceId], cached: true)
    }

    static func nextExpiry(practiceId: String, in db: any StoreConnection) throws -> Date? {
        try db.value(
            Double.self, "SELECT expiresAt FROM agenda_offer WHERE practiceId = ? AND status = 'sent' ORDER BY expiresAt LIMIT 1", [practiceId], cached: true
        )
        .map(Date.init(timeIntervalSince1970:))
    }

    /// Offers accepted in `[from, to)`: the slots the waiting list refilled.
    static func accepted(from: Date, to: Date, practiceId: String, in db: any StoreConnection) throws -> Int {
        try db.value(
            Int.self, "SELECT COUNT(*) FROM agenda_offer WHERE practiceId = ? AND status = 'accepted' AND answeredAt >= ? AND answeredAt < ?",
            [practiceId, from.timeIntervalSince1970, to.timeIntervalSince1970], cached: true) ?? 0
    }

    /// Offers sent in `[from, to)` by status: for the figures.
    static func counts(from: Date, to: Date, practiceId: String, in db: any StoreConnection) throws -> [String: Int] {
        var out: [String: Int] = [:]
        try db.forEachRow(
            "SELECT status, COUNT(*) FROM agenda_offer WHERE practiceId = ? AND sentAt >= ? AND sentAt < ? GROUP BY status",
            [practiceId, from.timeIntervalSince1970, to.timeIntervalSince1970], cached: true
        ) { row in
            out[row[0]] = row[1]
            return true
        }
        return out
    }

    // MARK: - Personal data

    /// The columns an export shows (every one but the practice, which the export is limited to).
    static let waitlistColumns =
        "id, patientId, phone, typeId, practitionerIds, specialty, siteId, earliest, latest, preferredTimes, note, status, createdAt, createdBy, appointmentId"
    static let offerColumns =
        "id, entryId, patientId, phone, practitionerId, siteId, typeId, start, status, sentAt, expiresAt, answeredAt, appointmentId, freedBy"
    static let reminderColumns = "id, kind, appointmentId, phone, dueAt, status, sentAt, answeredAt, skipReason, segments"

    /// The subject's waiting-list entries, offers and the reminders sent to their numbers, as JSON rows.
    static func exportPersonalData(_ subject: PersonalDataSubject, practiceId: String, in db: any StoreConnection) throws -> JSONValue {
        let phones = PersonalDataRows.phoneArguments(subject)
        let inPhones = "phone IN \(PersonalDataRows.placeholders(phones.count))"
        let byPatient = StoreArguments([practiceId, subject.patientId] + phones)
        return [
            "waitlist": try PersonalDataRows.select(
                "SELECT \(waitlistColumns) FROM agenda_waitlist WHERE practiceId = ? AND (patientId = ? OR \(inPhones)) ORDER BY createdAt",
                byPatient, in: db),
            "offers": try PersonalDataRows.select(
                "SELECT \(offerColumns) FROM agenda_offer WHERE practiceId = ? AND (patientId = ? OR \(inPhones)) ORDER BY sentAt", byPatient, in: db),
            "reminders": try PersonalDataRows.select(
                "SELECT \(reminderColumns) FROM agenda_reminder WHERE practiceId = ? AND \(inPhones) ORDER BY dueAt",
                StoreArguments([practiceId] + phones), in: db)
        ]
    }

    /// Takes the subject off the waiting list and blanks their numbers and notes; returns the rows changed.
    static func erasePersonalData(_ subject: PersonalDataSubject, practiceId: String, in db: any StoreConnection) throws -> Int {
        let phones = PersonalDataRows.phoneArguments(subject)
        let inPhones = "phone IN \(PersonalDataRows.placeholders(phones.count))"
        let byPatient = StoreArguments([practiceId, subject.patientId] + phones)
        var changed = 0
        try db.run(
            """
            UPDATE agenda_waitlist SET phone = '', note = NULL, status = CASE status WHEN 'waiting' THEN 'removed' ELSE status END
            WHERE practiceId = ? AND (patientId = ? OR \(inPhones))
            """, byPatient)
        changed += db.changedRows
        try db.run("UPDATE agenda_offer SET phone = '' WHERE practiceId = ? AND (patientId = ? OR \(inPhones))", byPatient)
        changed += db.changedRows
        try db.run("UPDATE agenda_reminder SET phone = '' WHERE practiceId = ? AND \(inPhones)", StoreArguments([practiceId] + phones))
        changed += db.changedRows
        return changed
    }
}
