import Foundation
import JSONRPC
import Kernel

/// `agenda.cancel`: cancels an appointment (status `cancelled`, the slot is free again).
struct AgendaCancelMethod: RPCMethod {
    struct Params: Decodable, Sendable {
        let appointmentId: String
        let reason: String
        let byPractice: Bool?
    }
    static let name = "agenda.cancel"
    static let summary = "Cancels an appointment (the slot is offered to the waiting list); -32009 when it is already cancelled."
    static let role = Role.secretary
    static let effect = MethodEffect.write
    static let paramsSchema = Schema.object([
        required("appointmentId", .string), required("reason", .string),
        optional(
            "byPractice", .boolean, "the practice cancels (default false: the patient asked): the patient is told by SMS and may reply to be offered a new slot"
        )
    ])
    static let resultSchema = AgendaSchemas.appointment
    let core: AgendaCore

    func handle(_ p: Params, context: RequestContext) async throws -> Appointment {
        let practiceId = context.practiceId
        let desk = core.desk
        let actor = core.actor(context)
        let now = context.now
        let host = context.host
        let followUp = core.followUp
        let byPractice = p.byPractice ?? false
        let (a, events) = try await context.write { db in
            let a = try desk.cancel(appointmentId: p.appointmentId, reason: p.reason, by: actor, practiceId: practiceId, in: db)
            try AgendaWebhooks.enqueue(AgendaWebhooks.cancelled, a, at: now, host: host, practiceId: practiceId, in: db)
            let events = try followUp.cancelled(a, byPractice: byPractice, now: now, host: host, practiceId: practiceId, in: db)
            try context.publish("agenda.cancelled", a, in: db)
            for e in events { try e.publish(on: host, in: db) }
            return (a, events)
        }
        if !events.isEmpty { core.reminderWorker.wake() }
        return a
    }
}
