import Foundation
import JSONRPC
import Kernel
import Practice

/// `oncall.override {practitionerId, from, to, reason?}`: puts a practitioner on call for a period,
/// whatever the rotation says. Overrides entered this way win over configured ones.
struct OnCallOverrideMethod: RPCMethod {
    let engine: EscalationEngine
    struct Params: Decodable, Sendable {
        let practitionerId: String
        let from: String
        let to: String
        let reason: String?
    }
    static let name = "oncall.override"
    static let summary = "Puts a practitioner on call from `from` to `to` (instant, local date-time, or date at the handoff time)."
    static let role = Role.staff
    static let effect = MethodEffect.write
    static let paramsSchema = Schema.object([
        required("practitionerId", .string),
        required("from", .string, "RFC 3339 instant, local YYYY-MM-DDTHH:mm, or YYYY-MM-DD (that day at the handoff time)."),
        required("to", .string, "Same forms as from; excluded."),
        optional("reason", .string)
    ])
    static let resultSchema = OnCallOverridesMethod.itemSchema

    func handle(_ p: Params, context: RequestContext) async throws -> OnCallOverrideView {
        guard let oncall = engine.settings.oncall else {
            throw RPCError.unprocessable(field: "practitionerId", "the configuration has no `oncall` section")
        }
        let practitioner = try engine.settings.directory.practitioner(p.practitionerId)
        guard practitioner.mobile != nil else {
            throw RPCError.unprocessable(field: "practitionerId", "\(p.practitionerId) has no mobile to receive alerts")
        }
        guard let fromBoundary = RotaBoundary(p.from) else {
            throw RPCError.invalidParams(field: "from", "expected an RFC 3339 instant, YYYY-MM-DDTHH:mm or YYYY-MM-DD, got \"\(p.from)\"")
        }
        guard let toBoundary = RotaBoundary(p.to) else {
            throw RPCError.invalidParams(field: "to", "expected an RFC 3339 instant, YYYY-MM-DDTHH:mm or YYYY-MM-DD, got \"\(p.to)\"")
        }
        let zone = engine.timeZone
        let from = fromBoundary.resolve(in: zone, handoff: oncall.rotation.handoff)
        let to = toBoundary.resolve(in: zone, handoff: oncall.rotation.handoff)
        guard from < to else { throw RPCError.unprocessable(field: "to", "must be after from") }
        let view = OnCallOverrideView(
            id: EscalationEngine.newID("ovr"), practitionerId: p.practitionerId, from: from, to: to,
            reason: p.reason, source: "rpc")
        let now = context.now
        let actor = context.actor
        let practiceId = context.practiceId
        try await context.write { db in
            try IncidentStore.insertOverride(
                id: view.id, practitionerId: view.practitionerId, from: from, to: to, reason: p.reason,
                createdAt: now, createdBy: actor, practiceId: practiceId, in: db)
        }
        return view
    }
}
