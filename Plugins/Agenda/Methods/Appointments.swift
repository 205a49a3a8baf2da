import Foundation
import Kernel

/// `agenda.appointments`: a practitioner's appointments in a window (day and week views), every status.
struct Appointments: RPCMethod {
    struct Params: Decodable, Sendable { let practitionerId: String; let from: Date; let to: Date }
    static let name = "agenda.appointments"
    static let summary = "A practitioner's appointments starting in [from, to), every status, those covered by an absence flagged toReschedule."
    static let role = Role.secretary
    static let effect = MethodEffect.sensitiveRead
    static let paramsSchema = Schema.object([required("practitionerId", .string), required("from", .instant), required("to", .instant)])
    static let resultSchema = Schema.array(AgendaSchemas.appointment)
    let core: AgendaCore

    func handle(_ p: Params, context: RequestContext) async throws -> [Appointment] {
        _ = try core.practitioner(p.practitionerId)
        try core.checkWindow(p.from, p.to)
        let (list, absences) = try await context.store.read { db in
            (try AgendaStore.appointments(practitionerId: p.practitionerId, from: p.from, to: p.to, in: db),
             try AgendaStore.absences(practitionerId: p.practitionerId, from: p.from, to: p.to.addingTimeInterval(86_400), in: db))
        }
        return core.flagged(list, absences: absences)
    }
}
