import Foundation
import JSONRPC
import Kernel

/// `escalation.get {incidentId}`: one incident with every notification sent for it and where each stands.
struct EscalationGetMethod: OneKeyMethod {
    static let keyParam = required("incidentId", .string)
    static let name = "escalation.get"
    static let summary = "One incident with its frozen chain and every notification sent."
    static let role = Role.secretary
    static let effect = MethodEffect.sensitiveRead
    static let resultSchema = IncidentSchema.incident

    func handle(_ p: Params, context: RequestContext) async throws -> Incident {
        let practiceId = context.practiceId
        return try await context.store.read { db in
            guard var incident = try IncidentStore.fetch(p.key, practiceId: practiceId, in: db) else {
                throw RPCError.notFound("incident \(p.key)", field: "incidentId")
            }
            incident.notifications = try IncidentStore.notifications(of: p.key, practiceId: practiceId, in: db)
            var one = [incident]
            try IncidentStore.fillDeliveries(&one, in: db)
            return one[0]
        }
    }
}
