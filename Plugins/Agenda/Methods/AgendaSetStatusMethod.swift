import Foundation
import JSONRPC
import Kernel

/// `agenda.setStatus`: records what became of an appointment (FHIR statuses arrived, checked-in, fulfilled, noshow, entered-in-error).
struct AgendaSetStatusMethod: RPCMethod {
    struct Params: Decodable, Sendable {
        let appointmentId: String
        let status: AppointmentStatus
    }
    static let name = "agenda.setStatus"
    static let summary = "Sets an appointment's status to arrived, checked-in, fulfilled, noshow or entered-in-error."
    static let role = Role.secretary
    static let effect = MethodEffect.write
    static let paramsSchema = Schema.object([
        required("appointmentId", .string), required("status", .oneOf(["arrived", "checked-in", "fulfilled", "noshow", "entered-in-error"]))
    ])
    static let resultSchema = AgendaSchemas.appointment
    let core: AgendaCore

    func handle(_ p: Params, context: RequestContext) async throws -> Appointment {
        let practiceId = context.practiceId
        guard [.arrived, .checkedIn, .fulfilled, .noshow, .enteredInError].contains(p.status) else {
            throw RPCError.invalidParams(field: "status", "use agenda.cancel or agenda.reschedule for \(p.status.rawValue)")
        }
        let desk = core.desk
        let actor = core.actor(context)
        return try await context.write { db in
            let a = try desk.setStatus(appointmentId: p.appointmentId, status: p.status, by: actor, practiceId: practiceId, in: db)
            try context.publish("agenda.statusChanged", a, in: db)
            return a
        }
    }
}
