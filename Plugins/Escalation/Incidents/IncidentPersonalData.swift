import Foundation
import GRDB
import JSONRPC
import Kernel

/// Escalation's part of the data lifecycle: incidents, their notifications, and triage sessions.
///
/// An incident or triage session belongs to the subject when it names the patient or its caller
/// is one of the subject's numbers. Erasure removes the caller, the reason and details (medical
/// text), the triage answers and the texts of the notifications sent about it; codes, urgency,
/// chain, steps, times, who acknowledged and statuses stay. Retention (`incidents`) deletes closed
/// incidents (acknowledged, resolved, exhausted) raised before the cutoff with their
/// notifications, and triage sessions started before it.
struct IncidentPersonalData: PersonalDataHolder {
    let name = "incidents"

    private func condition(_ subject: PersonalDataSubject) -> (String, StatementArguments) {
        let phones = PersonalDataRows.phoneArguments(subject)
        return ("patientId = ? OR caller IN \(PersonalDataRows.placeholders(phones.count))", [subject.patientId] + StatementArguments(phones))
    }

    func export(_ subject: PersonalDataSubject, in db: Database) throws -> JSONValue {
        let (sql, arguments) = condition(subject)
        let incidents = try PersonalDataRows.fetch(db, sql: """
            SELECT id, code, status, source, patientId, caller, reason, urgency, details, practitionerId, count, raisedAt, lastCallAt,
              acknowledgedAt, acknowledgedBy, acknowledgedVia, exhaustedAt, resolvedAt, resolvedBy, outcome, triageSessionId
            FROM escalation_incident WHERE \(sql) ORDER BY raisedAt, id
            """, arguments: arguments)
        let notifications = try PersonalDataRows.fetch(db, sql: """
            SELECT incidentId, step, channel, destination, text, sentAt FROM escalation_notification
            WHERE incidentId IN (SELECT id FROM escalation_incident WHERE \(sql)) ORDER BY id
            """, arguments: arguments)
        let sessions = try PersonalDataRows.fetch(db, sql: """
            SELECT id, protocolId, patientId, caller, practitionerId, answers, status, action, incidentId, startedAt, finishedAt, actor
            FROM escalation_triage_session WHERE \(sql) ORDER BY startedAt, id
            """, arguments: arguments)
        return .object(["incidents": incidents, "notifications": notifications, "triageSessions": sessions])
    }

    func erase(_ subject: PersonalDataSubject, at now: Date, in db: Database) throws -> Int {
        let (sql, arguments) = condition(subject)
        let phones = PersonalDataRows.phoneArguments(subject)
        try db.execute(sql: """
            UPDATE escalation_notification SET text = NULL,
              destination = CASE WHEN destination IN \(PersonalDataRows.placeholders(phones.count)) THEN '' ELSE destination END
            WHERE incidentId IN (SELECT id FROM escalation_incident WHERE \(sql))
            """, arguments: StatementArguments(phones) + arguments)
        var changed = db.changesCount
        try db.execute(sql: """
            UPDATE escalation_incident SET caller = NULL, reason = '', reasonKey = 'erased:' || id, details = NULL, outcome = NULL
            WHERE \(sql)
            """, arguments: arguments)
        changed += db.changesCount
        try db.execute(sql: "UPDATE escalation_triage_session SET caller = '', answers = '[]' WHERE \(sql)", arguments: arguments)
        return changed + db.changesCount
    }

    func purge(_ retention: RetentionPolicy, now: Date, in db: Database) throws -> [String: Int] {
        let cutoff = retention.cutoff(.incidents, now: now).timeIntervalSince1970
        let closed = "SELECT id FROM escalation_incident WHERE status IN ('acknowledged', 'resolved', 'exhausted') AND raisedAt < ?"
        try db.execute(sql: "DELETE FROM escalation_notification WHERE incidentId IN (\(closed))", arguments: [cutoff])
        try db.execute(sql: "DELETE FROM escalation_incident WHERE id IN (\(closed))", arguments: [cutoff])
        var count = db.changesCount
        try db.execute(sql: "DELETE FROM escalation_triage_session WHERE startedAt < ?", arguments: [cutoff])
        count += db.changesCount
        return ["incidents": count]
    }
}
