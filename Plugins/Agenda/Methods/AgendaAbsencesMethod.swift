import Foundation
import JSONRPC
import Kernel

/// `agenda.absences`: absences overlapping a window, of one practitioner or all, a page at a time.
struct AgendaAbsencesMethod: RPCMethod {
    typealias Params = PagedParams<Filters>
    struct Filters: Decodable, Sendable {
        let practitionerId: String?
        let from: Date?
        let to: Date?
    }
    static let name = "agenda.absences"
    static let summary = "Absences overlapping [from, to) (both optional), of one practitioner or all, in time order."
    static let role = Role.secretary
    static let paramsSchema = Schema.object(
        [optional("practitionerId", .string), optional("from", .instant), optional("to", .instant)]
            + PageCursor.paramsFields(standard: 200))
    static let resultSchema = Page<Absence>.schema(AgendaSchemas.absence)
    let core: AgendaCore

    func handle(_ p: Params, context: RequestContext) async throws -> Page<Absence> {
        let practiceId = context.practiceId
        if let id = p.practitionerId { _ = try core.practitioner(id) }
        if let from = p.from, let to = p.to, to <= from { throw RPCError.unprocessable(field: "to", "must be after from") }
        let limit = try p.pageSize(standard: 200)
        let after = try p.after([.real, .text])
        let rows = try await context.store.read { db in
            try AgendaStore.absencesPage(
                practitionerId: p.practitionerId, from: p.from, to: p.to, after: after, limit: limit + 1, practiceId: practiceId, in: db)
        }
        return Page(keyed: rows, limit: limit)
    }
}
