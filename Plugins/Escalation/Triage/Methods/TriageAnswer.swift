import Foundation
import Kernel

/// `triage.answer {sessionId, choice}` → the next question, or the outcome with what was done.
struct TriageAnswer: RPCMethod {
    let service: TriageService
    let worker: EscalationWorker
    struct Params: Decodable, Sendable {
        let sessionId: String
        let choice: TriageChoiceReference
    }
    static let name = "triage.answer"
    static let summary = "Answers the current question of a triage session (by label or 0-based index)."
    static let role = Role.secretary
    static let effect = MethodEffect.write
    static let paramsSchema = Schema.object([
        required("sessionId", .string),
        required("choice", Schema.any.describing("The choice's label (case and accents ignored) or its 0-based index.")),
    ])
    static let stepSchema = Schema.object([
        required("sessionId", .string), required("protocolId", .string), required("status", .oneOf(["question", "outcome"])),
        optional("question", .object([required("nodeId", .string), required("question", .string), optional("help", .string),
                                      required("choices", .array(.string))])),
        optional("outcome", .object([
            required("nodeId", .string), required("action", .string), required("script", .string), required("urgency", .string),
            optional("number", .string), optional("incidentId", .string), optional("incidentCode", .string),
            optional("callbackRequest", .object([required("id", .string), required("urgency", .string), required("callbackNumber", .string)])),
            optional("handoff", .string),
        ])),
        required("answers", .array(.string)),
    ])
    static let resultSchema = stepSchema

    func handle(_ p: Params, context: RequestContext) async throws -> TriageStep {
        let now = context.now
        let actor = context.actor
        let service = self.service
        let (step, events) = try await context.write { db in
            try service.answer(sessionId: p.sessionId, choice: p.choice, actor: actor, now: now, in: db)
        }
        for e in events { context.publish(e.topic, e.payload) }
        if !events.isEmpty { worker.wake() }
        return step
    }
}
