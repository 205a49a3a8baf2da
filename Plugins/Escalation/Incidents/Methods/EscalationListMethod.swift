import Foundation
import JSONRPC
import Kernel

/// `escalation.list {status?, limit?, cursor?}`: incidents, newest first, a page at a time.
struct EscalationListMethod: RPCMethod {
    typealias Params = PagedParams<Filters>
    struct Filters: Decodable, Sendable {
        let status: String?
    }
    static let name = "escalation.list"
    static let summary = "Lists incidents, newest first, optionally by status, a page at a time."
    static let role = Role.secretary
    static let effect = MethodEffect.sensitiveRead
    static let paramsSchema = Schema.object(
        [
            optional("status", .oneOf(Incident.Status.allCases.map(\.rawValue)))
        ] + PageCursor.paramsFields(standard: 100))
    static let resultSchema = Page<Incident>.schema(IncidentSchema.incident)

    func handle(_ p: Params, context: RequestContext) async throws -> Page<Incident> {
        var status: Incident.Status?
        if let s = p.status {
            guard let parsed = Incident.Status(rawValue: s) else {
                throw RPCError.invalidParams(field: "status", "expected one of \(Incident.Status.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            status = parsed
        }
        let limit = try p.pageSize(standard: 100)
        let before = try p.after([.real, .int])
        let filter = status
        let practiceId = context.practiceId
        return try await context.store.read { db in
            let rows = try IncidentStore.list(status: filter, before: before, limit: limit + 1, practiceId: practiceId, in: db)
            var page = Page(keyed: rows, limit: limit)
            var incidents = page.items
            try IncidentStore.fillDeliveries(&incidents, in: db)
            page = Page(items: incidents, nextCursor: page.nextCursor)
            return page
        }
    }
}
