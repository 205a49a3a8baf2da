import Foundation
import JSONRPC
import Kernel

/// `agenda.cancel`: cancels an appointment (status `cancelled`, the slot is free again).
struct AgendaCancelMethod: RPCMethod {
    struct Params: Decodable, Sendable {
        let appointmentId: String
        let reason: String
    }
    static let name = "agenda.cancel"
    static let summary = "Cancels an appointment; -32009 when it is already cancelled."
    static let role = Role.secretary
    static let effect = MethodEffect.write
    static let paramsSchema = Schema.object([required("appointmentId", .string), required("reason", .string)])
    static let resultSchema = AgendaSchemas.appointment
    let core: AgendaCore

    func handle(_ p: Params, context: RequestContext) async throws -> Appointment {
        let desk = core.desk
        let actor = core.actor(context)
        let encoder = context.encoder
        let now = context.now
        let a = try await context.write { db in
            let a = try desk.cancel(appointmentId: p.appointmentId, reason: p.reason, by: actor, in: db)
            try AgendaWebhooks.enqueue(AgendaWebhooks.cancelled, a, encoder: encoder, at: now, in: db)
            return a
        }
        context.publish("agenda.cancelled", a)
        return a
    }
}
