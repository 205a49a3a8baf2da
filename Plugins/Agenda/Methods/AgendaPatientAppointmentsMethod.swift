import Foundation
import JSONRPC
import Kernel

/// `agenda.patientAppointments`: every appointment of one patient, oldest first, a page at a time.
struct AgendaPatientAppointmentsMethod: RPCMethod {
    typealias Params = PagedParams<Filters>
    struct Filters: Decodable, Sendable {
        let patientId: String
    }
    static let name = "agenda.patientAppointments"
    static let summary = "Every appointment of a patient (past, future, cancelled), oldest first."
    static let role = Role.secretary
    static let effect = MethodEffect.sensitiveRead
    static let paramsSchema = Schema.object([required("patientId", .string)] + PageCursor.paramsFields(standard: 200))
    static let resultSchema = Page<Appointment>.schema(AgendaSchemas.appointment)
    let core: AgendaCore

    func handle(_ p: Params, context: RequestContext) async throws -> Page<Appointment> {
        let practiceId = context.practiceId
        let limit = try p.pageSize(standard: 200)
        let after = try p.after([.real, .real, .int])
        let (page, absences) = try await context.store.read { db in
            guard try core.patients.patientName(id: p.patientId, in: db) != nil else {
                throw RPCError.notFound("patient \(p.patientId)", field: "patientId")
            }
            let page = Page(
                keyed: try AgendaStore.appointmentsPage(patientId: p.patientId, after: after, limit: limit + 1, practiceId: practiceId, in: db), limit: limit)
            var absences: [Absence] = []
            for pid in Set(page.items.filter(\.status.occupiesSlot).map(\.practitionerId)) {
                absences += try AgendaStore.absences(practitionerId: pid, from: nil, to: nil, practiceId: practiceId, in: db)
            }
            return (page, absences)
        }
        return Page(items: core.flagged(page.items, absences: absences), nextCursor: page.nextCursor)
    }
}
