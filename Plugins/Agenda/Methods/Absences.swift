import Foundation
import Kernel

/// `agenda.absences`: absences overlapping a window, of one practitioner or all.
struct Absences: RPCMethod {
    struct Params: Decodable, Sendable { let practitionerId: String?; let from: Date?; let to: Date? }
    static let name = "agenda.absences"
    static let summary = "Absences overlapping [from, to) (both optional), of one practitioner or all, in time order."
    static let role = Role.secretary
    static let paramsSchema = Schema.object([optional("practitionerId", .string), optional("from", .instant), optional("to", .instant)])
    static let resultSchema = Schema.array(AgendaSchemas.absence)
    let core: AgendaCore

    func handle(_ p: Params, context: RequestContext) async throws -> [Absence] {
        if let id = p.practitionerId { _ = try core.practitioner(id) }
        if let from = p.from, let to = p.to, to <= from { throw RPCError.unprocessable(field: "to", "must be after from") }
        return try await context.store.read { db in
            try AgendaStore.absences(practitionerId: p.practitionerId, from: p.from, to: p.to, in: db)
        }
    }
}
