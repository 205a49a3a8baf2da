import Foundation
import JSONRPC
import Kernel

/// `agenda.removeAbsence`: the practitioner works after all; the absence's time is offered again.
struct AgendaRemoveAbsenceMethod: RPCMethod {
    struct Params: Decodable, Sendable { let absenceId: String }
    static let name = "agenda.removeAbsence"
    static let summary = "Removes an absence; returns it."
    static let role = Role.secretary
    static let effect = MethodEffect.write
    static let paramsSchema = Schema.object([required("absenceId", .string)])
    static let resultSchema = AgendaSchemas.absence
    let core: AgendaCore

    func handle(_ p: Params, context: RequestContext) async throws -> Absence {
        let removed = try await context.write { db -> Absence in
            guard let a = try AgendaStore.absence(id: p.absenceId, in: db) else {
                throw RPCError.notFound("absence \"\(p.absenceId)\"", field: "absenceId")
            }
            try AgendaStore.deleteAbsence(id: a.id, in: db)
            return a
        }
        context.publish("agenda.absenceRemoved", removed)
        return removed
    }
}
