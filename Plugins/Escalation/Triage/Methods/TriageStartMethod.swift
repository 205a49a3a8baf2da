import Foundation
import JSONRPC
import Kernel
import Practice

/// `triage.start {protocolId, patientId?, caller?, practitionerId?}` → a session and its first question.
///
/// `caller` may be left out (a withheld number): the walk goes on, and a number is asked for only
/// if the outcome reached promises a callback (`needsCallbackNumber`).
struct TriageStartMethod: RPCMethod {
    let service: TriageService
    let worker: EscalationWorker
    struct Params: Decodable, Sendable {
        let protocolId: String
        let patientId: String?
        let caller: String?
        let practitionerId: String?
    }
    static let name = "triage.start"
    static let summary = "Starts a triage session for a caller; returns its first question."
    static let role = Role.secretary
    static let effect = MethodEffect.write
    static let paramsSchema = Schema.object([
        required("protocolId", .string),
        optional("caller", .string, "The caller's phone number (called back); leave out when withheld: it is asked for only if the outcome needs a callback."),
        optional("patientId", .string),
        optional("practitionerId", .string, "The patient's practitioner (alerted by urgent-sms outcomes).")
    ])
    static let resultSchema = TriageAnswerMethod.stepSchema

    func handle(_ p: Params, context: RequestContext) async throws -> TriageStep {
        let caller = try p.caller.map { try phone($0, field: "caller") }
        if let id = p.practitionerId { _ = try service.settings.directory.practitioner(id, field: "practitionerId") }
        _ = try service.settings.triageProtocol(p.protocolId)
        let now = context.now
        let actor = context.actor
        let practiceId = context.practiceId
        let service = self.service
        let desk = context.host.services.resolve((any CallbackDesk).self)
        let (step, events) = try await context.write { db in
            let (step, events) = try service.start(
                protocolId: p.protocolId, patientId: p.patientId, caller: caller, practitionerId: p.practitionerId,
                actor: actor, practiceId: practiceId, now: now, desk: desk, in: db)
            for e in events { try e.publish(on: context.host, in: db) }
            return (step, events)
        }
        if !events.isEmpty { worker.wake() }
        return step
    }
}

/// The E.164 form of a phone number param, or -32602 naming the field.
func phone(_ text: String, field: String) throws -> String {
    do { return try PhoneNumber(text).e164 } catch { throw RPCError.invalidParams(field: field, "\(error)") }
}
