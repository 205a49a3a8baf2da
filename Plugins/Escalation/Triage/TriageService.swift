import Foundation
import Kernel
import Practice

/// Runs triage sessions: asks the protocol's questions and, at the outcome, does what it says in
/// the same transaction (raises an incident, records a callback request…) and writes the call in
/// the contact journal.
struct TriageService: Sendable {
    let engine: EscalationEngine

    var settings: EscalationSettings { engine.settings }

    func start(protocolId: String, patientId: String?, caller: String, practitionerId: String?, actor: String,
               now: Date, in db: Database) throws -> (TriageStep, [EscalationEngine.PendingEvent]) {
        let triage = try settings.triageProtocol(protocolId)
        let session = TriageSession(id: EscalationEngine.newID("tri"), protocolId: protocolId, patientId: patientId, caller: caller,
                                    practitionerId: practitionerId, node: triage.start, startedAt: now, actor: actor)
        try session.insert(in: db)
        return try advance(session, triage: triage, now: now, in: db)
    }

    func answer(sessionId: String, choice: TriageChoiceReference, actor: String, now: Date,
                in db: Database) throws -> (TriageStep, [EscalationEngine.PendingEvent]) {
        guard var session = try TriageSession.fetch(sessionId, in: db) else {
            throw RPCError.notFound("triage session \(sessionId)", field: "sessionId")
        }
        guard session.status == "active" else {
            throw RPCError.conflict("triage session \(sessionId) already reached its outcome", data: ["field": "sessionId", "reason": "finished"])
        }
        let triage = try settings.triageProtocol(session.protocolId)
        guard case .question(let question) = triage.nodes[session.node] else {
            throw RPCError.internalError("triage session \(sessionId) stands on a node that is not a question")
        }
        let index: Int
        switch choice {
        case .index(let i):
            guard question.choices.indices.contains(i) else {
                throw RPCError.unprocessable(field: "choice", "choice \(i) does not exist; the choices are 0…\(question.choices.count - 1): \(question.choices.map(\.label).joined(separator: ", "))")
            }
            index = i
        case .label(let label):
            let key = TriageChoice.matchKey(label)
            guard let i = question.choices.firstIndex(where: { $0.matchKey == key }) else {
                throw RPCError.unprocessable(field: "choice", "\"\(label)\" is not a choice; expected one of: \(question.choices.map(\.label).joined(separator: ", "))")
            }
            index = i
        }
        let picked = question.choices[index]
        session.answers.append(.init(nodeId: session.node, question: question.question, label: picked.label))
        session.node = picked.next
        return try advance(session, triage: triage, now: now, in: db)
    }

    /// Stores the session at its node; at an outcome, carries it out.
    private func advance(_ session: TriageSession, triage: TriageProtocol, now: Date,
                         in db: Database) throws -> (TriageStep, [EscalationEngine.PendingEvent]) {
        var session = session
        var step = TriageStep(sessionId: session.id, protocolId: triage.id, status: "question", question: nil, outcome: nil,
                              answers: session.answers.map(\.label))
        switch triage.nodes[session.node] {
        case .question(let q)?:
            step.question = TriageQuestionView(nodeId: session.node, q)
            try session.update(action: nil, incidentId: nil, callbackRequestId: nil, finishedAt: nil, in: db)
            return (step, [])
        case .outcome(let outcome)?:
            session.status = "done"
            let (view, events, incidentId, callbackId) = try carryOut(outcome, nodeId: session.node, session: session, triage: triage, now: now, in: db)
            try session.update(action: outcome.action.rawValue, incidentId: incidentId, callbackRequestId: callbackId, finishedAt: now, in: db)
            step.status = "outcome"
            step.outcome = view
            return (step, events)
        case nil:
            throw RPCError.internalError("triage protocol \(triage.id) has no node \(session.node)")
        }
    }

    private func carryOut(_ outcome: TriageOutcome, nodeId: String, session: TriageSession, triage: TriageProtocol, now: Date,
                          in db: Database) throws -> (TriageOutcomeView, [EscalationEngine.PendingEvent], String?, String?) {
        let urgency = outcome.effectiveUrgency.rawValue
        var view = TriageOutcomeView(nodeId: nodeId, action: outcome.action.rawValue, script: outcome.script, urgency: urgency,
                                     number: outcome.number)
        var events: [EscalationEngine.PendingEvent] = []
        var reference = session.id
        var callbackId: String?
        let answers = session.answers.map { "\($0.question) → \($0.label)" }.joined(separator: "\n")
        switch outcome.action {
        case .pageOncall, .urgentSMS:
            let route = outcome.action == .pageOncall ? "page-oncall" : "urgent-sms"
            let raised = try engine.raise(.init(source: route, patientId: session.patientId, caller: session.caller, reason: triage.title,
                                                urgency: urgency, details: answers, practitionerId: session.practitionerId,
                                                chain: settings.chain(forRoute: route), triageSessionId: session.id,
                                                actor: session.actor, journal: false), now: now, in: db)
            view.incidentId = raised.incident.id
            view.incidentCode = raised.incident.code
            reference = raised.incident.id
            events = raised.events
        case .message:
            let id = EscalationEngine.newID("cb")
            callbackId = id
            view.callbackRequest = .init(id: id, urgency: urgency, callbackNumber: session.caller)
            var body: JSONObject = [
                "type": "triage.callbackRequested", "callbackRequestId": .string(id), "sessionId": .string(session.id),
                "protocolId": .string(triage.id), "protocol": .string(triage.title), "urgency": .string(urgency),
                "callbackNumber": .string(session.caller), "requestedAt": .string(RFC3339.format(now, in: engine.timeZone)),
                "answers": .array(session.answers.map { ["question": .string($0.question), "answer": .string($0.label)] }),
            ]
            if let p = session.patientId { body["patientId"] = .string(p) }
            if let p = session.practitionerId { body["practitionerId"] = .string(p) }
            try Outbox.enqueue(.init(channel: "webhook", destination: "*", event: "triage.callbackRequested", payload: JSONWriter.string(.object(body)),
                                     urgency: urgency == "urgent" ? .urgent : .normal, reference: id), in: db, now: now)
            reference = id
        case .bookUrgent:
            view.handoff = "staff"
        default:
            break
        }
        try ContactJournal.append(ContactEntry(
            channel: .phone, direction: .inbound, patientId: session.patientId, caller: .init(phone: session.caller),
            motive: Self.motive(of: triage), subject: triage.title, offeredAt: session.startedAt, answeredAt: session.startedAt,
            endedAt: now, agent: session.actor, outcome: outcome.action.rawValue,
            notes: answers + "\n" + "session \(session.id)", source: "escalation", reference: reference, kind: "triage"), in: db)
        return (view, events, view.incidentId, callbackId)
    }

    /// The contact motive of a protocol, from its id and title (emergency, prescription, results, else other).
    static func motive(of triage: TriageProtocol) -> ContactEntry.Motive {
        let text = TextFolding.fold(triage.id + " " + triage.title)
        if text.contains("urgen") { return .emergency }
        if text.contains("renouvel") || text.contains("ordonnance") || text.contains("prescription") { return .prescription }
        if text.contains("resultat") || text.contains("analyse") { return .results }
        return .other
    }
}

/// `choice` in `triage.answer`: the label (case and accents ignored) or the 0-based index.
enum TriageChoiceReference: Decodable, Sendable {
    case index(Int)
    case label(String)

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let i = try? c.decode(Int.self) { self = .index(i); return }
        self = .label(try c.decode(String.self))
    }
}
