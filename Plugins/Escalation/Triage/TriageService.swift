import Foundation
import JSONRPC
import Kernel
import Practice

/// Runs triage sessions: asks the protocol's questions and, at the outcome, does what it says in
/// the same transaction (raises an incident, puts a callback in the secretaries' queue through the
/// `CallbackDesk`…) and writes the call in the contact journal.
///
/// The caller's number is optional (a withheld number): a walk to « appelez le 15 » never needs
/// it; an outcome that promises a callback stops at `needsCallbackNumber` until `triage.answer`
/// gives `callbackNumber`, and only then is carried out.
struct TriageService: Sendable {
    let engine: EscalationEngine

    var settings: EscalationSettings { engine.settings }

    /// What the secretary asks when an outcome needs a number and the caller's is withheld.
    static let callbackNumberPrompt = "À quel numéro le cabinet peut-il vous rappeler ?"

    func start(
        protocolId: String, patientId: String?, caller: String?, practitionerId: String?, actor: String,
        practiceId: String, now: Date, desk: (any CallbackDesk)?, in db: any StoreConnection
    ) throws -> (TriageStep, [EscalationEngine.PendingEvent]) {
        let triage = try settings.triageProtocol(protocolId)
        if let patientId, !PatientRegistry.exists(patientId, practiceId: practiceId, in: db) {
            throw RPCError.notFound("patient \(patientId)", field: "patientId")
        }
        let session = TriageSession(
            id: EscalationEngine.newID("tri"), protocolId: protocolId, patientId: patientId, caller: caller,
            practitionerId: practitionerId, node: triage.start, startedAt: now, actor: actor)
        try IncidentStore.insert(session, practiceId: practiceId, in: db)
        return try advance(session, triage: triage, practiceId: practiceId, now: now, desk: desk, in: db)
    }

    /// Answers the current question (`choice`), and/or gives the number to call back
    /// (`callbackNumber`, E.164): required when the session waits for it, accepted in advance.
    func answer(
        sessionId: String, choice: TriageChoiceReference?, callbackNumber: String? = nil, actor: String, practiceId: String, now: Date,
        desk: (any CallbackDesk)?, in db: any StoreConnection
    ) throws -> (TriageStep, [EscalationEngine.PendingEvent]) {
        guard var session = try IncidentStore.triageSession(sessionId, practiceId: practiceId, in: db) else {
            throw RPCError.notFound("triage session \(sessionId)", field: "sessionId")
        }
        let triage = try settings.triageProtocol(session.protocolId)
        if session.status == "awaitingNumber" {
            guard let callbackNumber else {
                throw RPCError.invalidParams(
                    field: "callbackNumber",
                    "the outcome '\(session.node)' needs a number to call back: give callbackNumber")
            }
            if choice != nil {
                throw RPCError.unprocessable(field: "choice", "the walk already reached its outcome; give callbackNumber alone")
            }
            session.caller = callbackNumber
            session.status = "active"
            return try advance(session, triage: triage, practiceId: practiceId, now: now, desk: desk, in: db)
        }
        guard session.status == "active" else {
            throw RPCError.conflict("triage session \(sessionId) already reached its outcome", data: ["field": "sessionId", "reason": "finished"])
        }
        if let callbackNumber { session.caller = callbackNumber }
        guard let choice else { throw RPCError.invalidParams(field: "choice", "answer the current question (its label or 0-based index)") }
        guard case .question(let question) = triage.nodes[session.node] else {
            throw RPCError.internalError("triage session \(sessionId) stands on a node that is not a question")
        }
        let index: Int
        switch choice {
        case .index(let i):
            guard question.choices.indices.contains(i) else {
                throw RPCError.unprocessable(
                    field: "choice",
                    "choice \(i) does not exist; the choices are 0…\(question.choices.count - 1): \(question.choices.map(\.label).joined(separator: ", "))")
            }
            index = i
        case .label(let label):
            let key = TriageChoice.matchKey(label)
            guard let i = question.choices.firstIndex(where: { $0.matchKey == key }) else {
                throw RPCError.unprocessable(
                    field: "choice", "\"\(label)\" is not a choice; expected one of: \(question.choices.map(\.label).joined(separator: ", "))")
            }
            index = i
        }
        let picked = question.choices[index]
        session.answers.append(.init(nodeId: session.node, question: question.question, label: picked.label))
        session.node = picked.next
        return try advance(session, triage: triage, practiceId: practiceId, now: now, desk: desk, in: db)
    }

    /// Stores the session at its node; at an outcome, carries it out (or waits for a number to call back).
    private func advance(
        _ session: TriageSession, triage: TriageProtocol, practiceId: String, now: Date, desk: (any CallbackDesk)?,
        in db: any StoreConnection
    ) throws -> (TriageStep, [EscalationEngine.PendingEvent]) {
        var session = session
        var step = TriageStep(
            sessionId: session.id, protocolId: triage.id, status: "question", question: nil, outcome: nil,
            answers: session.answers.map(\.label))
        switch triage.nodes[session.node] {
        case .question(let q)?:
            step.question = TriageQuestionView(nodeId: session.node, q)
            try IncidentStore.update(session, action: nil, incidentId: nil, callbackRequestId: nil, finishedAt: nil, practiceId: practiceId, in: db)
            return (step, [])
        case .outcome(let outcome)? where outcome.action.needsCallback && session.caller == nil:
            session.status = "awaitingNumber"
            try IncidentStore.update(session, action: nil, incidentId: nil, callbackRequestId: nil, finishedAt: nil, practiceId: practiceId, in: db)
            step.status = "needsCallbackNumber"
            step.prompt = Self.callbackNumberPrompt
            step.pending = TriagePendingOutcome(nodeId: session.node, action: outcome.action.rawValue, urgency: outcome.effectiveUrgency.rawValue)
            return (step, [])
        case .outcome(let outcome)?:
            session.status = "done"
            let (view, events, incidentId, callbackId) = try carryOut(
                outcome, nodeId: session.node, session: session, triage: triage, practiceId: practiceId, now: now,
                desk: desk, in: db)
            try IncidentStore.update(
                session, action: outcome.action.rawValue, incidentId: incidentId, callbackRequestId: callbackId, finishedAt: now,
                practiceId: practiceId, in: db)
            step.status = "outcome"
            step.outcome = view
            return (step, events)
        case nil:
            throw RPCError.internalError("triage protocol \(triage.id) has no node \(session.node)")
        }
    }

    private func carryOut(
        _ outcome: TriageOutcome, nodeId: String, session: TriageSession, triage: TriageProtocol, practiceId: String, now: Date,
        desk: (any CallbackDesk)?, in db: any StoreConnection
    ) throws -> (TriageOutcomeView, [EscalationEngine.PendingEvent], String?, String?) {
        let urgency = outcome.effectiveUrgency.rawValue
        var view = TriageOutcomeView(
            nodeId: nodeId, action: outcome.action.rawValue, script: outcome.script, urgency: urgency,
            number: outcome.number)
        var events: [EscalationEngine.PendingEvent] = []
        var reference = session.id
        var callbackId: String?
        let answers = session.answers.map { "\($0.question) → \($0.label)" }.joined(separator: "\n")
        switch outcome.action {
        case .urgentSMS where triage.isRenewal && desk != nil, .message where desk != nil:
            // One queue: the callback is a message of the secretaries' queue (a renewal protocol's
            // urgent request is ONE urgent message with its SMS to the practitioner, not an incident).
            var request = callbackRequest(outcome, session: session, triage: triage, answers: answers)
            if request.alertsPractitioner && request.practitionerId == nil {
                // No prescriber named: the practitioner on call gets the SMS, as the chain would have paged.
                request.practitionerId = try engine.rota(practiceId: practiceId, in: db)?.answer(at: now).practitionerId
            }
            let queued = try desk!.enqueue(request, actor: session.actor, now: now, in: db)
            callbackId = queued.messageId
            view.urgency = queued.urgent ? "urgent" : "normal"
            view.callbackRequest = .init(
                id: queued.messageId, urgency: view.urgency, callbackNumber: session.caller!, queued: true,
                kind: request.kind.rawValue, code: queued.code, dueAt: queued.dueAt,
                joined: queued.created ? nil : true, smsTo: queued.smsTo)
            try callbackWebhook(
                id: queued.messageId, urgency: view.urgency, session: session, triage: triage, now: now,
                extra: ["messageId": .string(queued.messageId), "code": .string(queued.code)], in: db)
            reference = queued.messageId
        case .pageOncall, .urgentSMS:
            let route = outcome.action == .pageOncall ? "page-oncall" : "urgent-sms"
            let raised = try engine.raise(
                .init(
                    source: route, patientId: session.patientId, caller: session.caller, reason: triage.title,
                    urgency: urgency, details: answers, practitionerId: session.practitionerId,
                    chain: settings.chain(forRoute: route), triageSessionId: session.id,
                    actor: session.actor, journal: false), practiceId: practiceId, now: now, in: db)
            view.incidentId = raised.incident.id
            view.incidentCode = raised.incident.code
            reference = raised.incident.id
            events = raised.events
        case .message:
            // Messaging is disabled (`plugins.disabled`): no queue; the webhook alone announces it.
            let id = EscalationEngine.newID("cb")
            callbackId = id
            view.callbackRequest = .init(
                id: id, urgency: urgency, callbackNumber: session.caller!, queued: false,
                note: "messaging is disabled: this callback is announced only by the triage.callbackRequested webhook")
            try callbackWebhook(id: id, urgency: urgency, session: session, triage: triage, now: now, extra: [:], in: db)
            reference = id
        case .bookUrgent:
            view.handoff = "staff"
        default:
            break
        }
        try ContactJournal.append(
            ContactEntry(
                channel: .phone, direction: .inbound, patientId: session.patientId, caller: session.caller.map { .init(phone: $0) },
                motive: Self.motive(of: triage), subject: triage.title, offeredAt: session.startedAt, answeredAt: session.startedAt,
                endedAt: now, agent: session.actor, outcome: outcome.action.rawValue,
                notes: answers + "\n" + "session \(session.id)", source: "escalation", reference: reference, kind: "triage"),
            practiceId: settings.directory.practiceId, in: db)
        return (view, events, view.incidentId, callbackId)
    }

    /// The queue item for a callback outcome: the protocol's title and the answers as its text, the
    /// outcome's urgency (the queue's deadline rule for it), linked to the session.
    private func callbackRequest(
        _ outcome: TriageOutcome, session: TriageSession, triage: TriageProtocol,
        answers: String
    ) -> CallbackRequest {
        let urgent = outcome.effectiveUrgency == .urgent
        return CallbackRequest(
            kind: triage.isRenewal ? .prescriptionRenewal : .triageCallback, urgent: urgent,
            patientId: session.patientId, callerPhone: session.caller, callbackNumber: session.caller,
            practitionerId: session.practitionerId, text: triage.title + "\n" + answers,
            source: "escalation", reference: session.id,
            alertsPractitioner: outcome.action == .urgentSMS && urgent, recordsContact: false)
    }

    /// The `triage.callbackRequested` webhook (for the practice's software), whatever the queue.
    private func callbackWebhook(
        id: String, urgency: String, session: TriageSession, triage: TriageProtocol, now: Date,
        extra: JSONObject, in db: any StoreConnection
    ) throws {
        var body: JSONObject = [
            "type": "triage.callbackRequested", "callbackRequestId": .string(id), "sessionId": .string(session.id),
            "protocolId": .string(triage.id), "protocol": .string(triage.title), "urgency": .string(urgency),
            "callbackNumber": .string(session.caller ?? ""), "requestedAt": .string(RFC3339.format(now, in: engine.timeZone)),
            "answers": .array(session.answers.map { ["question": .string($0.question), "answer": .string($0.label)] })
        ]
        if let p = session.patientId { body["patientId"] = .string(p) }
        if let p = session.practitionerId { body["practitionerId"] = .string(p) }
        for (k, v) in extra { body[k] = v }
        try Outbox.enqueue(
            .init(
                channel: "webhook", destination: "*", event: "triage.callbackRequested", payload: JSONWriter.string(.object(body)),
                urgency: urgency == "urgent" ? .urgent : .normal, reference: id), practiceId: settings.directory.practiceId, in: db, now: now)
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
        if let i = try? c.decode(Int.self) {
            self = .index(i)
            return
        }
        self = .label(try c.decode(String.self))
    }
}
