import Foundation
import JSONRPC
import Kernel

/// `waitlist.list`: the waiting list, longest waiting first.
struct WaitlistListMethod: RPCMethod {
    typealias Params = PagedParams<Filters>
    struct Filters: Decodable, Sendable {
        let status: String?
        let patientId: String?
    }
    static let name = "waitlist.list"
    static let summary = "The waiting list, longest waiting first (default: those still waiting)."
    static let role = Role.secretary
    static let effect = MethodEffect.sensitiveRead
    static let paramsSchema = Schema.object(
        [
            optional("status", .oneOf(WaitlistEntry.Status.allCases.map(\.rawValue) + ["all"]), "default waiting"), optional("patientId", .string)
        ] + PageCursor.paramsFields(standard: 100))
    static let resultSchema = Page<WaitlistEntry>.schema(WaitlistEntry.schema)

    let core: AgendaCore

    func handle(_ p: Params, context: RequestContext) async throws -> Page<WaitlistEntry> {
        let practiceId = context.practiceId
        let status: WaitlistEntry.Status?
        switch p.status {
        case nil: status = .waiting
        case "all"?: status = nil
        case let s?:
            guard let v = WaitlistEntry.Status(rawValue: s) else { throw RPCError.invalidParams(field: "status", "expected waiting, booked, removed or all") }
            status = v
        }
        let limit = try p.pageSize(standard: 100)
        let after = try p.after([.real, .text])
        let rows = try await context.store.read { db in
            if let patientId = p.patientId, try core.patients.patientName(id: patientId, in: db) == nil {
                throw RPCError.notFound("patient \(patientId)", field: "patientId")
            }
            return try WaitlistStore.page(status: status, patientId: p.patientId, after: after, limit: limit + 1, practiceId: practiceId, in: db)
        }
        return Page(keyed: rows, limit: limit)
    }
}
