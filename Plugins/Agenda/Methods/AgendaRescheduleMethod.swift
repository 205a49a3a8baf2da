import Foundation
import JSONRPC
import Kernel

/// `agenda.reschedule`: moves an appointment atomically — the new one exists and the old one is
/// cancelled, or nothing changed.
struct AgendaRescheduleMethod: RPCMethod {
    struct Params: Decodable, Sendable {
        let appointmentId: String
        let start: Date
        let siteId: String?
        let practitionerId: String?
        let appointmentTypeId: String?
        let reason: String?
        let idempotencyKey: String?
    }
    struct Result: Encodable, Sendable {
        let from: Appointment
        let to: Appointment
    }
    static let name = "agenda.reschedule"
    static let summary = "Moves an appointment to a new slot atomically; returns the cancelled and the new appointment."
    static let role = Role.secretary
    static let effect = MethodEffect.write
    static let paramsSchema = Schema.object([
        required("appointmentId", .string), required("start", .instant), optional("siteId", .string, "default: the same site"),
        optional("practitionerId", .string, "default: the same practitioner"), optional("appointmentTypeId", .string),
        optional("reason", .string), optional("idempotencyKey", .string)
    ])
    static let resultSchema = Schema.object([required("from", AgendaSchemas.appointment), required("to", AgendaSchemas.appointment)])
    let core: AgendaCore

    func handle(_ p: Params, context: RequestContext) async throws -> Result {
        let practiceId = context.practiceId
        let move = BookingDesk.Move(
            appointmentId: p.appointmentId, start: p.start, siteId: p.siteId, practitionerId: p.practitionerId,
            appointmentTypeId: p.appointmentTypeId, reason: p.reason, idempotencyKey: p.idempotencyKey)
        let desk = core.desk
        let actor = core.actor(context)
        let now = context.now
        let host = context.host
        let followUp = core.followUp
        let (from, to, replayed) = try await context.write { db in
            let (from, to, replayed) = try desk.reschedule(move, by: actor, practiceId: practiceId, in: db)
            guard !replayed else { return (from, to, replayed) }
            try AgendaWebhooks.enqueueMove(from: from, to: to, at: now, host: host, practiceId: practiceId, in: db)
            let events = try followUp.rescheduled(from: from, to: to, now: now, host: host, practiceId: practiceId, in: db)
            try context.publish("agenda.rescheduled", Result(from: from, to: to), in: db)
            for e in events { try e.publish(on: host, in: db) }
            return (from, to, replayed)
        }
        let result = Result(from: from, to: to)
        if !replayed { core.reminderWorker.wake() }
        return result
    }
}
