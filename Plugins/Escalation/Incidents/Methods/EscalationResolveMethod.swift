import Foundation
import JSONRPC
import Kernel

/// `escalation.resolve {incidentId, outcome}`: closes an incident with what was done.
struct EscalationResolveMethod: RPCMethod {
    let engine: EscalationEngine
    struct Params: Decodable, Sendable {
        let incidentId: String
        let outcome: String
    }
    static let name = "escalation.resolve"
    static let summary = "Resolves an incident with its outcome; a running chain stops."
    static let role = Role.secretary
    static let effect = MethodEffect.write
    static let paramsSchema = Schema.object([required("incidentId", .string), required("outcome", .string, "What was done (free text).")])
    static let resultSchema = IncidentSchema.incident

    func handle(_ p: Params, context: RequestContext) async throws -> Incident {
        let outcome = p.outcome.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !outcome.isEmpty else { throw RPCError.invalidParams(field: "outcome", "must not be empty") }
        let now = context.now
        let actor = context.actor
        let engine = self.engine
        let practiceId = context.practiceId
        return try await context.write { db in
            let (incident, events) = try engine.resolve(p.incidentId, outcome: outcome, by: actor, practiceId: practiceId, now: now, in: db)
            for e in events { try e.publish(on: context.host, in: db) }
            return incident
        }
    }
}
