import Foundation
import JSONRPC
import Kernel
import Practice

/// `triage.answer {sessionId, choice?, callbackNumber?}` → the next question, the outcome with what
/// was done, or `needsCallbackNumber` when the outcome promises a callback and no number is known
/// (then answer again with `callbackNumber` alone; without it: -32602 naming `callbackNumber`).
struct TriageAnswerMethod: RPCMethod {
    let service: TriageService
    let worker: EscalationWorker
    struct Params: Decodable, Sendable {
        let sessionId: String
        let choice: TriageChoiceReference?
        let callbackNumber: String?
    }
    static let name = "triage.answer"
    static let summary = "Answers the current question of a triage session (by label or 0-based index)."
    static let role = Role.secretary
    static let effect = MethodEffect.write
    static let paramsSchema = Schema.object([
        required("sessionId", .string),
        optional("choice", Schema.any.describing("The choice's label (case and accents ignored) or its 0-based index; required while a question is asked.")),
        optional("callbackNumber", .string, "The number to call back: required when the step is needsCallbackNumber; accepted with any answer.")
    ])
    static let stepSchema = Schema.object([
        required("sessionId", .string), required("protocolId", .string), required("status", .oneOf(["question", "needsCallbackNumber", "outcome"])),
        optional(
            "question",
            .object([
                required("nodeId", .string), required("question", .string), optional("help", .string),
                required("choices", .array(.string))
            ])),
        optional(
            "outcome",
            .object([
                required("nodeId", .string), required("action", .string), required("script", .string), required("urgency", .string),
                optional("number", .string), optional("incidentId", .string), optional("incidentCode", .string),
                optional(
                    "callbackRequest",
                    .object([
                        required("id", .string, "the callback queue's message id (mes_…), or cb_… when Messaging is disabled"),
                        required("urgency", .string), required("callbackNumber", .string),
                        required("queued", .boolean, "false only when Messaging is disabled"),
                        optional("kind", .oneOf(TriageProtocol.CallbackKind.allCases.map(\.rawValue))), optional("code", .string),
                        optional("dueAt", .instant), optional("joined", .boolean, "it joined the patient's open renewal"),
                        optional("smsTo", .string), optional("note", .string)
                    ])),
                optional("handoff", .string)
            ])),
        optional("prompt", .string, "with needsCallbackNumber: what to ask the caller"),
        optional(
            "pending", .object([required("nodeId", .string), required("action", .string), required("urgency", .string)]),
            "with needsCallbackNumber: the outcome that waits for the number"),
        required("answers", .array(.string))
    ])
    static let resultSchema = stepSchema

    func handle(_ p: Params, context: RequestContext) async throws -> TriageStep {
        let now = context.now
        let actor = context.actor
        let practiceId = context.practiceId
        let service = self.service
        let number = try p.callbackNumber.map { try phone($0, field: "callbackNumber") }
        let desk = context.host.services.resolve((any CallbackDesk).self)
        let (step, events) = try await context.write { db in
            let (step, events) = try service.answer(
                sessionId: p.sessionId, choice: p.choice, callbackNumber: number, actor: actor, practiceId: practiceId, now: now, desk: desk, in: db)
            for e in events { try e.publish(on: context.host, in: db) }
            return (step, events)
        }
        if !events.isEmpty { worker.wake() }
        return step
    }
}
