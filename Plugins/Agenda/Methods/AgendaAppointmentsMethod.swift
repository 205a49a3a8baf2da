import Foundation
import JSONRPC
import Kernel

/// `agenda.appointments`: a practitioner's appointments in a window (day and week views), every
/// status, in start order, a page at a time.
struct AgendaAppointmentsMethod: RPCMethod {
    typealias Params = PagedParams<Filters>
    struct Filters: Decodable, Sendable {
        let practitionerId: String
        let from: Date
        let to: Date
    }
    static let name = "agenda.appointments"
    static let summary = "A practitioner's appointments starting in [from, to), every status, those covered by an absence flagged toReschedule."
    static let role = Role.secretary
    static let effect = MethodEffect.sensitiveRead
    static let paramsSchema = Schema.object(
        [required("practitionerId", .string), required("from", .instant), required("to", .instant)]
            + PageCursor.paramsFields(standard: 200))
    static let resultSchema = Page<Appointment>.schema(AgendaSchemas.appointment)
    let core: AgendaCore

    func handle(_ p: Params, context: RequestContext) async throws -> Page<Appointment> {
        let practiceId = context.practiceId
        _ = try core.practitioner(p.practitionerId)
        try core.checkWindow(p.from, p.to)
        let limit = try p.pageSize(standard: 200)
        let after = try p.after([.real, .real, .int])
        let (rows, absences) = try await context.store.read { db in
            (
                try AgendaStore.appointmentsPage(
                    practitionerId: p.practitionerId, from: p.from, to: p.to, after: after, limit: limit + 1, practiceId: practiceId, in: db),
                try AgendaStore.absences(practitionerId: p.practitionerId, from: p.from, to: p.to.addingTimeInterval(86_400), practiceId: practiceId, in: db)
            )
        }
        let page = Page(keyed: rows, limit: limit)
        return Page(items: core.flagged(page.items, absences: absences), nextCursor: page.nextCursor)
    }
}
