import Foundation
import JSONRPC
import Kernel
import Practice

/// `escalation.raise {patientId?, caller, reason, urgency, details?, practitionerId?, chainId?}` → an
/// incident, paged at once through its chain. The same caller and reason while an incident is not
/// resolved adds a call to its count instead of opening another.
struct EscalationRaiseMethod: RPCMethod {
    let engine: EscalationEngine
    let worker: EscalationWorker
    struct Params: Decodable, Sendable {
        let patientId: String?
        let caller: String
        let reason: String
        let urgency: String
        let details: String?
        let practitionerId: String?
        let chainId: String?
    }
    struct Result: Encodable, Sendable {
        let incident: Incident
        /// False when the call was counted on an open incident.
        let created: Bool
        /// The repeat-caller action this call triggered, if any.
        let repeatAction: String?
    }
    static let name = "escalation.raise"
    static let summary = "Raises an incident (or counts a repeat call on the open one) and pages through its escalation chain."
    static let role = Role.secretary
    static let effect = MethodEffect.write
    static let paramsSchema = Schema.object([
        required("caller", .text(40), "The caller's phone number."),
        required("reason", .text(200), "Short reason, shown in the console (never sent by SMS)."),
        required("urgency", .oneOf(["urgent", "normal"])), optional("patientId", .text(64)),
        optional("details", .text(4000), "Medical detail for the console only."),
        optional("practitionerId", .string, "The patient's practitioner, for steps notify: practitioner."),
        optional("chainId", .string, "Chain to run (default: the page-oncall route).")
    ])
    static let resultSchema = Schema.object([
        required("incident", IncidentSchema.incident), required("created", .boolean),
        optional("repeatAction", .string)
    ])

    func handle(_ p: Params, context: RequestContext) async throws -> Result {
        let caller = try phone(p.caller, field: "caller")
        let reason = p.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw RPCError.invalidParams(field: "reason", "must not be empty") }
        guard ["urgent", "normal"].contains(p.urgency) else { throw RPCError.invalidParams(field: "urgency", "expected urgent or normal") }
        if let id = p.practitionerId { _ = try engine.settings.directory.practitioner(id) }
        let chain: EscalationChain
        if let id = p.chainId {
            guard let c = engine.settings.escalation.chains[id] else {
                throw RPCError.unprocessable(
                    field: "chainId", "unknown chain \"\(id)\" (known: \(engine.settings.escalation.chains.keys.sorted().joined(separator: ", ")))")
            }
            chain = c
        } else {
            chain = engine.settings.chain(forRoute: "page-oncall")
        }
        let request = EscalationEngine.RaiseRequest(
            source: "manual", patientId: p.patientId, caller: caller, reason: reason, urgency: p.urgency,
            details: p.details, practitionerId: p.practitionerId, chain: chain, triageSessionId: nil,
            actor: context.actor)
        let now = context.now
        let engine = self.engine
        let practiceId = context.practiceId
        let raised = try await context.write { db in
            let raised = try engine.raise(request, practiceId: practiceId, now: now, in: db)
            for e in raised.events { try e.publish(on: context.host, in: db) }
            return raised
        }
        worker.wake()
        return Result(incident: raised.incident, created: raised.created, repeatAction: raised.repeatAction)
    }
}
