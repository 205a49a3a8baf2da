import Foundation
import Kernel

/// `agenda.patientAppointments`: every appointment of one patient, oldest first.
struct PatientAppointments: RPCMethod {
    struct Params: Decodable, Sendable { let patientId: String }
    static let name = "agenda.patientAppointments"
    static let summary = "Every appointment of a patient (past, future, cancelled), oldest first."
    static let role = Role.secretary
    static let effect = MethodEffect.sensitiveRead
    static let paramsSchema = Schema.object([required("patientId", .string)])
    static let resultSchema = Schema.array(AgendaSchemas.appointment)
    let core: AgendaCore

    func handle(_ p: Params, context: RequestContext) async throws -> [Appointment] {
        let (list, absences) = try await context.store.read { db in
            let list = try AgendaStore.appointments(patientId: p.patientId, in: db)
            var absences: [Absence] = []
            for pid in Set(list.filter(\.status.occupiesSlot).map(\.practitionerId)) {
                absences += try AgendaStore.absences(practitionerId: pid, from: nil, to: nil, in: db)
            }
            return (list, absences)
        }
        return core.flagged(list, absences: absences)
    }
}
