import Foundation
import JSONRPC
import Kernel

/// Reads and writes Escalation's tables: incidents and their notifications, on-call overrides and
/// triage sessions. No other file of the module holds SQL.
///
/// Every row carries its practice (`practiceId`) and every function reads or changes only the rows
/// of the practice it is given: an id of another practice is not found.
enum IncidentStore {
    /// Like `fetch`, inside a write that will change the incident: on PostgreSQL the row stays locked
    /// until the transaction ends (`FOR UPDATE`), so a step fired, an acknowledgement and a resolution
    /// of one incident follow each other whichever connection or node runs them. SQLite has one writer.
    static func fetchForChange(_ id: String, practiceId: String, in db: any StoreConnection) throws -> Incident? {
        guard db.engine == .postgresql else { return try fetch(id, practiceId: practiceId, in: db) }
        return try db.row("SELECT * FROM escalation_incident WHERE practiceId = ? AND id = ? FOR UPDATE", [practiceId, id], cached: true)
            .map(Incident.init(row:))
    }

    /// The practice's incident with this id, nil when it has none.
    static func fetch(_ id: String, practiceId: String, in db: any StoreConnection) throws -> Incident? {
        try db.row("SELECT * FROM escalation_incident WHERE practiceId = ? AND id = ?", [practiceId, id], cached: true)
            .map(Incident.init(row:))
    }

    static func notifications(of id: String, practiceId: String, in db: any StoreConnection) throws -> [IncidentNotification] {
        try db.rows("SELECT * FROM escalation_notification WHERE practiceId = ? AND incidentId = ? ORDER BY id", [practiceId, id], cached: true)
            .map(IncidentNotification.init(row:))
    }

    /// Incidents newest first (`raisedAt`, then `rowid`, descending), after the key `(raisedAt, rowid)`
    /// of the previous page's last one, each with its key.
    static func list(
        status: Incident.Status?, before: [PageKey]?, limit: Int, practiceId: String, in db: any StoreConnection
    ) throws -> [(key: [PageKey], item: Incident)] {
        try db.rows(
            """
            SELECT rowid AS pageRowid, * FROM escalation_incident WHERE practiceId = ?5 AND (status = ?1 OR ?1 IS NULL)
            AND ((raisedAt, rowid) < (?3, ?4) OR ?3 IS NULL) ORDER BY raisedAt DESC, rowid DESC LIMIT ?2
            """, [status?.rawValue, limit, before?[0].real, before?[1].int, practiceId], cached: true
        ).map { row in
            let incident = try Incident(row: row)
            return (key: [.real(row["raisedAt"]), .int(row["pageRowid"])], item: incident)
        }
    }

    /// Fills each incident's `sms` (its latest page SMS) and, when given, the `delivery` of its
    /// notifications, from the kernel's outbox in one query.
    static func fillDeliveries(_ incidents: inout [Incident], in db: any StoreConnection) throws {
        let deliveries = try Outbox.deliveries(references: incidents.map(\.id), in: db)
        for i in incidents.indices {
            let rows = deliveries[incidents[i].id] ?? []
            incidents[i].sms = rows.last { $0.channel == "sms" && $0.event == "escalation.page" }?.state
            guard var notifications = incidents[i].notifications else { continue }
            let byRow = Dictionary(rows.map { ($0.outboxId, $0) }, uniquingKeysWith: { a, _ in a })
            // A `*` webhook is fanned out to endpoint rows: show the first endpoint's state for it.
            let webhooks = rows.filter { $0.channel == "webhook" }
            for k in notifications.indices {
                let n = notifications[k]
                let row = byRow[n.outboxId] ?? (n.channel == "webhook" ? webhooks.first { $0.createdAt >= n.sentAt } : nil)
                notifications[k].delivery = row?.state
            }
            incidents[i].notifications = notifications
        }
    }

    /// The open incident with the same caller (or, without a caller, the same patient) and reason, if any.
    /// The caller and patient are searched on their own practice-first indexes, then the rows by id: with
    /// `practiceId = ?` beside an `OR`, the planner would read every incident of the practice instead.
    static func openDuplicate(caller: String?, patientId: String?, reasonKey: String, practiceId: String, in db: any StoreConnection) throws -> Incident? {
        try db.row(openDuplicateSQL, [reasonKey, caller, patientId, practiceId], cached: true).map(Incident.init(row:))
    }

    /// The statement of `openDuplicate`: `?1` reason key, `?2` caller, `?3` patient, `?4` practice.
    static let openDuplicateSQL = """
        SELECT * FROM escalation_incident
        WHERE rowid IN (SELECT rowid FROM escalation_incident WHERE practiceId = ?4 AND caller = ?2
                        UNION ALL
                        SELECT rowid FROM escalation_incident WHERE practiceId = ?4 AND patientId = ?3 AND ?2 IS NULL)
          AND status != 'resolved' AND reasonKey = ?1
        ORDER BY raisedAt DESC LIMIT 1
        """

    /// The practice's incidents not resolved yet raised for `caller` or for one of `patientIds`, newest
    /// first (searched as `openDuplicate` does).
    static func unresolved(caller: String?, patientIds: [String], practiceId: String, in db: any StoreConnection) throws -> [Incident] {
        guard caller != nil || !patientIds.isEmpty else { return [] }
        // Cached: the statement varies only by the number of patients reachable at one number.
        return try db.rows(unresolvedSQL(patients: patientIds.count), StoreArguments([caller, practiceId] + patientIds), cached: true)
            .map(Incident.init(row:))
    }

    /// The statement of `unresolved`: `?1` caller, `?2` practice, then the `patients` patient ids.
    static func unresolvedSQL(patients: Int) -> String {
        let marks = (0..<patients).map { "?\($0 + 3)" }.joined(separator: ", ")
        let byPatient = marks.isEmpty ? "" : " UNION ALL SELECT rowid FROM escalation_incident WHERE practiceId = ?2 AND patientId IN (\(marks))"
        return """
            SELECT * FROM escalation_incident
            WHERE rowid IN (SELECT rowid FROM escalation_incident WHERE practiceId = ?2 AND caller = ?1\(byPatient))
              AND status != 'resolved'
            ORDER BY raisedAt DESC LIMIT 20
            """
    }

    /// The earliest pending step of a running chain.
    static func nextDue(practiceId: String, in db: any StoreConnection) throws -> Date? {
        try db.value(
            Double.self, "SELECT MIN(nextStepAt) FROM escalation_incident WHERE practiceId = ? AND status = 'open' AND nextStepAt IS NOT NULL",
            [practiceId], cached: true
        )
        .map(Date.init(timeIntervalSince1970:))
    }

    /// The running incident whose step is the most overdue at `now`.
    /// On PostgreSQL the incident returned is claimed for the transaction (`FOR UPDATE`): another pass,
    /// of this node or another, waits for that commit and then finds it moved on, so a step is fired
    /// once and a pass that returns has seen every due step fired (by itself or the other).
    static func firstDue(now: Date, practiceId: String, in db: any StoreConnection) throws -> Incident? {
        try db.row(
            """
            SELECT * FROM escalation_incident WHERE practiceId = ? AND status = 'open' AND nextStepAt IS NOT NULL AND nextStepAt <= ?
            ORDER BY nextStepAt, rowid LIMIT 1
            """ + (db.engine == .postgresql ? " FOR UPDATE" : ""), [practiceId, now.timeIntervalSince1970], cached: true
        ).map(Incident.init(row:))
    }

    /// Codes of the practice's incidents not resolved yet (a new code must differ from them).
    static func codesInUse(practiceId: String, in db: any StoreConnection) throws -> Set<String> {
        Set(try db.values(String.self, "SELECT code FROM escalation_incident WHERE practiceId = ? AND status != 'resolved'", [practiceId], cached: true))
    }

    static func insert(_ i: Incident, reasonKey: String, practiceId: String, in db: any StoreConnection) throws {
        let chain = String(decoding: try JSONEncoder().encode(i.chain), as: UTF8.self)
        try db.run(
            """
            INSERT INTO escalation_incident(practiceId, id, code, status, source, patientId, caller, reason, reasonKey, urgency, details,
              practitionerId, chain, count, raisedAt, lastCallAt, nextStep, nextStepAt, triageSessionId)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                practiceId, i.id, i.code, i.status.rawValue, i.source, i.patientId, i.caller, i.reason, reasonKey, i.urgency, i.details,
                i.practitionerId, chain, i.count, i.raisedAt.timeIntervalSince1970, i.lastCallAt.timeIntervalSince1970,
                i.nextStep, i.nextStepAt?.timeIntervalSince1970, i.triageSessionId
            ])
    }

    /// Writes the mutable columns of `i`.
    static func update(_ i: Incident, practiceId: String, in db: any StoreConnection) throws {
        try db.run(
            """
            UPDATE escalation_incident SET status = ?, urgency = ?, count = ?, lastCallAt = ?, nextStep = ?, nextStepAt = ?,
              acknowledgedAt = ?, acknowledgedBy = ?, acknowledgedVia = ?, exhaustedAt = ?, resolvedAt = ?, resolvedBy = ?, outcome = ?
            WHERE practiceId = ? AND id = ?
            """,
            [
                i.status.rawValue, i.urgency, i.count, i.lastCallAt.timeIntervalSince1970, i.nextStep,
                i.nextStepAt?.timeIntervalSince1970, i.acknowledgedAt?.timeIntervalSince1970, i.acknowledgedBy,
                i.acknowledgedVia, i.exhaustedAt?.timeIntervalSince1970, i.resolvedAt?.timeIntervalSince1970,
                i.resolvedBy, i.outcome, practiceId, i.id
            ])
    }

    static func insert(_ n: IncidentNotification, incidentId: String, practiceId: String, in db: any StoreConnection) throws {
        try db.run(
            """
            INSERT INTO escalation_notification(practiceId, incidentId, step, round, target, practitionerId, channel, destination, text,
              outboxId, sentAt)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                practiceId, incidentId, n.step, n.round, n.target, n.practitionerId, n.channel, n.destination, n.text, n.outboxId,
                n.sentAt.timeIntervalSince1970
            ])
    }

    /// How many distinct steps paged a backup so far (the next backup step takes the next one).
    static func backupStepsSent(_ id: String, practiceId: String, in db: any StoreConnection) throws -> Int {
        try db.value(
            Int.self,
            """
            SELECT COUNT(DISTINCT step) FROM escalation_notification
            WHERE practiceId = ? AND incidentId = ? AND target = 'oncall-backup' AND step >= 0
            """,
            [practiceId, id]) ?? 0
    }

    /// Incidents paged by SMS to the number spelled `phones` that an SMS reply may concern (acknowledged ones included,
    /// so that a late reply is recognised and answered without changing anything).
    /// - Parameter phones: the E.164 spellings of one number (`PhoneNumber.matchingE164s`).
    static func pagedTo(_ phones: [String], practiceId: String, in db: any StoreConnection) throws -> [(Incident, String?)] {
        let list = Array(repeating: "?", count: max(phones.count, 1)).joined(separator: ",")
        let numbers = StoreArguments(phones.isEmpty ? [""] : phones)
        let arguments: StoreArguments = [practiceId] + numbers
        return try db.rows(
            """
            SELECT i.*, (SELECT n.practitionerId FROM escalation_notification n
                         WHERE n.practiceId = ? AND n.incidentId = i.id AND n.channel = 'sms' AND n.destination IN (\(list)) AND n.step >= 0
                         ORDER BY n.id LIMIT 1) AS pagedPractitioner
            FROM escalation_incident i
            WHERE i.practiceId = ? AND i.status != 'resolved'
              AND EXISTS (SELECT 1 FROM escalation_notification n
                          WHERE n.practiceId = ? AND n.incidentId = i.id AND n.channel = 'sms' AND n.destination IN (\(list)) AND n.step >= 0)
            ORDER BY i.raisedAt DESC
            """, arguments + [practiceId] + arguments
        ).map { (try Incident(row: $0), $0["pagedPractitioner"] as String?) }
    }

    // MARK: - On-call overrides

    /// Overrides entered over RPC, oldest first, each with its id.
    static func overrides(practiceId: String, in db: any StoreConnection) throws -> [(id: String, override: OnCallOverride)] {
        let rows = try db.rows("SELECT * FROM escalation_override WHERE practiceId = ? ORDER BY createdAt, rowid", [practiceId], cached: true)
        return rows.map { row in
            (
                row["id"] as String,
                OnCallOverride(
                    from: .instant(Date(timeIntervalSince1970: row["fromAt"])), to: .instant(Date(timeIntervalSince1970: row["toAt"])),
                    practitionerId: row["practitionerId"], reason: row["reason"])
            )
        }
    }

    /// Records an override entered over RPC.
    static func insertOverride(
        id: String, practitionerId: String, from: Date, to: Date, reason: String?, createdAt: Date, createdBy: String,
        practiceId: String, in db: any StoreConnection
    ) throws {
        try db.run(
            """
            INSERT INTO escalation_override(practiceId, id, practitionerId, fromAt, toAt, reason, createdAt, createdBy)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                practiceId, id, practitionerId, from.timeIntervalSince1970, to.timeIntervalSince1970, reason,
                createdAt.timeIntervalSince1970, createdBy
            ])
    }

    // MARK: - Triage sessions

    /// The triage session with this id, nil when there is none.
    static func triageSession(_ id: String, practiceId: String, in db: any StoreConnection) throws -> TriageSession? {
        try db.row("SELECT * FROM escalation_triage_session WHERE practiceId = ? AND id = ?", [practiceId, id], cached: true)
            .map(TriageSession.init(row:))
    }

    /// Writes a new triage session, active with no answer.
    static func insert(_ s: TriageSession, practiceId: String, in db: any StoreConnection) throws {
        try db.run(
            """
            INSERT INTO escalation_triage_session(practiceId, id, protocolId, patientId, caller, practitionerId, node, answers, status,
              startedAt, actor)
            VALUES (?, ?, ?, ?, ?, ?, ?, '[]', 'active', ?, ?)
            """,
            [practiceId, s.id, s.protocolId, s.patientId, s.caller ?? "", s.practitionerId, s.node, s.startedAt.timeIntervalSince1970, s.actor])
    }

    /// Records a triage session's progress: node, answers, status, caller, and its outcome once finished.
    static func update(
        _ s: TriageSession, action: String?, incidentId: String?, callbackRequestId: String?, finishedAt: Date?,
        practiceId: String, in db: any StoreConnection
    ) throws {
        let answersJSON = String(decoding: try JSONEncoder().encode(s.answers), as: UTF8.self)
        try db.run(
            """
            UPDATE escalation_triage_session SET node = ?, answers = ?, status = ?, action = ?, incidentId = ?, callbackRequestId = ?, finishedAt = ?,
              caller = ?
            WHERE practiceId = ? AND id = ?
            """,
            [
                s.node, answersJSON, s.status, action, incidentId, callbackRequestId, finishedAt?.timeIntervalSince1970, s.caller ?? "",
                practiceId, s.id
            ])
    }

    // MARK: - Personal data

    /// Incidents and triage sessions naming the patient, or whose caller is one of the subject's numbers.
    private static func condition(_ subject: PersonalDataSubject, practiceId: String) -> (String, StoreArguments) {
        let phones = PersonalDataRows.phoneArguments(subject)
        return (
            "practiceId = ? AND (patientId = ? OR caller IN \(PersonalDataRows.placeholders(phones.count)))",
            [practiceId, subject.patientId] + StoreArguments(phones)
        )
    }

    /// The subject's incidents, their notifications and triage sessions as JSON rows.
    static func exportPersonalData(_ subject: PersonalDataSubject, practiceId: String, in db: any StoreConnection) throws -> JSONValue {
        let (sql, arguments) = condition(subject, practiceId: practiceId)
        let incidents = try PersonalDataRows.select(
            """
            SELECT id, code, status, source, patientId, caller, reason, urgency, details, practitionerId, count, raisedAt, lastCallAt,
              acknowledgedAt, acknowledgedBy, acknowledgedVia, exhaustedAt, resolvedAt, resolvedBy, outcome, triageSessionId
            FROM escalation_incident WHERE \(sql) ORDER BY raisedAt, id
            """, arguments, in: db)
        let notifications = try PersonalDataRows.select(
            """
            SELECT incidentId, step, channel, destination, text, sentAt FROM escalation_notification
            WHERE practiceId = ? AND incidentId IN (SELECT id FROM escalation_incident WHERE \(sql)) ORDER BY id
            """, [practiceId] + arguments, in: db)
        let sessions = try PersonalDataRows.select(
            """
            SELECT id, protocolId, patientId, caller, practitionerId, answers, status, action, incidentId, startedAt, finishedAt, actor
            FROM escalation_triage_session WHERE \(sql) ORDER BY startedAt, id
            """, arguments, in: db)
        return .object(["incidents": incidents, "notifications": notifications, "triageSessions": sessions])
    }

    /// Blanks the subject's callers, reasons, details, answers and notification texts; returns the rows changed.
    static func erasePersonalData(_ subject: PersonalDataSubject, practiceId: String, in db: any StoreConnection) throws -> Int {
        let (sql, arguments) = condition(subject, practiceId: practiceId)
        let phones = PersonalDataRows.phoneArguments(subject)
        try db.run(
            """
            UPDATE escalation_notification SET text = NULL,
              destination = CASE WHEN destination IN \(PersonalDataRows.placeholders(phones.count)) THEN '' ELSE destination END
            WHERE practiceId = ? AND incidentId IN (SELECT id FROM escalation_incident WHERE \(sql))
            """, StoreArguments(phones) + [practiceId] + arguments)
        var changed = db.changedRows
        try db.run(
            """
            UPDATE escalation_incident SET caller = NULL, reason = '', reasonKey = 'erased:' || id, details = NULL, outcome = NULL
            WHERE \(sql)
            """, arguments)
        changed += db.changedRows
        try db.run("UPDATE escalation_triage_session SET caller = '', answers = '[]' WHERE \(sql)", arguments)
        return changed + db.changedRows
    }

    /// Deletes closed incidents raised before `date` with their notifications, and triage sessions
    /// started before it; returns how many incidents and sessions.
    static func purgeClosed(before date: Date, practiceId: String, in db: any StoreConnection) throws -> Int {
        let cutoff = date.timeIntervalSince1970
        let closed =
            "SELECT id FROM escalation_incident WHERE practiceId = ?1 AND status IN ('acknowledged', 'resolved', 'exhausted') AND raisedAt < ?2"
        try db.run("DELETE FROM escalation_notification WHERE practiceId = ?1 AND incidentId IN (\(closed))", [practiceId, cutoff])
        try db.run("DELETE FROM escalation_incident WHERE practiceId = ?1 AND id IN (\(closed))", [practiceId, cutoff])
        var count = db.changedRows
        try db.run("DELETE FROM escalation_triage_session WHERE practiceId = ? AND startedAt < ?", [practiceId, cutoff])
        count += db.changedRows
        return count
    }
}
