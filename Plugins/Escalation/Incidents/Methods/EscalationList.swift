import Foundation
import Kernel

/// `escalation.list {status?, limit?}`: incidents, newest first.
struct EscalationList: RPCMethod {
    struct Params: Decodable, Sendable {
        let status: String?
        let limit: Int?
    }
    static let name = "escalation.list"
    static let summary = "Lists incidents, newest first, optionally by status."
    static let role = Role.secretary
    static let effect = MethodEffect.sensitiveRead
    static let paramsSchema = Schema.object([
        optional("status", .oneOf(Incident.Status.allCases.map(\.rawValue))), optional("limit", .integer, "1–1000, default 100."),
    ])
    static let resultSchema = Schema.array(IncidentSchema.incident)

    func handle(_ p: Params, context: RequestContext) async throws -> [Incident] {
        var status: Incident.Status?
        if let s = p.status {
            guard let parsed = Incident.Status(rawValue: s) else {
                throw RPCError.invalidParams(field: "status", "expected one of \(Incident.Status.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            status = parsed
        }
        let limit = p.limit ?? 100
        guard (1...1000).contains(limit) else { throw RPCError.invalidParams(field: "limit", "must be between 1 and 1000") }
        let filter = status
        return try await context.store.read { db in
            var incidents = try IncidentStore.list(status: filter, limit: limit, in: db)
            try IncidentStore.fillDeliveries(&incidents, in: db)
            return incidents
        }
    }
}
