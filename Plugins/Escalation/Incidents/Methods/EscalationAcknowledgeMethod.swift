import Foundation
import JSONRPC
import Kernel

/// `escalation.acknowledge {incidentId}`: someone took the incident; its chain stops.
/// -32009 when it is already acknowledged or resolved.
struct EscalationAcknowledgeMethod: OneKeyMethod {
    let engine: EscalationEngine
    static let keyParam = required("incidentId", .string)
    static let name = "escalation.acknowledge"
    static let summary = "Acknowledges an incident from the console; its escalation chain stops."
    static let role = Role.secretary
    static let effect = MethodEffect.write
    static let resultSchema = IncidentSchema.incident

    func handle(_ p: Params, context: RequestContext) async throws -> Incident {
        let now = context.now
        let actor = context.actor
        let engine = self.engine
        let practiceId = context.practiceId
        return try await context.write { db in
            let (incident, events) = try engine.acknowledge(p.key, by: actor, via: "console", practiceId: practiceId, now: now, in: db)
            for e in events { try e.publish(on: context.host, in: db) }
            return incident
        }
    }
}
