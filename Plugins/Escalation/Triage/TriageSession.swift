import Foundation
import Kernel

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

    init(row: StoreRow) throws {
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
}
