import Foundation
import GRDB

/// A triage walk in progress or finished, stored in `escalation_triage_session` so that a
/// secretary's console can answer the next question from any connection.
struct TriageSession: Sendable {
    /// One answer given.
    struct Answer: Codable, Sendable, Hashable {
        var nodeId: String
        var question: String
        var label: String
    }

    var id: String
    var protocolId: String
    var patientId: String?
    /// The number to call back (E.164): the caller's, or the one given when an outcome needed it;
    /// nil while withheld. Stored as an empty string in the (not null) column.
    var caller: String?
    var practitionerId: String?
    /// The current node: a question while `status` is `active`, the outcome once `done` or while
    /// `awaitingNumber` (the outcome needs a number to call back and the caller withheld theirs).
    var node: String
    var answers: [Answer]
    var status: String
    var startedAt: Date
    var actor: String

    init(row: Row) throws {
        id = row["id"]
        protocolId = row["protocolId"]
        patientId = row["patientId"]
        let caller: String = row["caller"]
        self.caller = caller.isEmpty ? nil : caller
        practitionerId = row["practitionerId"]
        node = row["node"]
        answers = try JSONDecoder().decode([Answer].self, from: Data((row["answers"] as String).utf8))
        status = row["status"]
        startedAt = Date(timeIntervalSince1970: row["startedAt"])
        actor = row["actor"]
    }

    init(id: String, protocolId: String, patientId: String?, caller: String?, practitionerId: String?, node: String, startedAt: Date, actor: String) {
        self.id = id
        self.protocolId = protocolId
        self.patientId = patientId
        self.caller = caller
        self.practitionerId = practitionerId
        self.node = node
        answers = []
        status = "active"
        self.startedAt = startedAt
        self.actor = actor
    }

    static func fetch(_ id: String, in db: Database) throws -> TriageSession? {
        try Row.fetchOne(db, sql: "SELECT * FROM escalation_triage_session WHERE id = ?", arguments: [id]).map(TriageSession.init(row:))
    }

    func insert(in db: Database) throws {
        try db.execute(sql: """
            INSERT INTO escalation_triage_session(id, protocolId, patientId, caller, practitionerId, node, answers, status, startedAt, actor)
            VALUES (?, ?, ?, ?, ?, ?, '[]', 'active', ?, ?)
            """, arguments: [id, protocolId, patientId, caller ?? "", practitionerId, node, startedAt.timeIntervalSince1970, actor])
    }

    func update(action: String?, incidentId: String?, callbackRequestId: String?, finishedAt: Date?, in db: Database) throws {
        let answersJSON = String(decoding: try JSONEncoder().encode(answers), as: UTF8.self)
        try db.execute(sql: """
            UPDATE escalation_triage_session SET node = ?, answers = ?, status = ?, action = ?, incidentId = ?, callbackRequestId = ?, finishedAt = ?,
              caller = ?
            WHERE id = ?
            """, arguments: [node, answersJSON, status, action, incidentId, callbackRequestId, finishedAt?.timeIntervalSince1970, caller ?? "", id])
    }
}
