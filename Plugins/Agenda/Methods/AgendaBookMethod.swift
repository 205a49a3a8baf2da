import Foundation
import JSONRPC
import Kernel
import Practice

/// `agenda.book`: books a slot after checking every rule again inside one write transaction.
struct AgendaBookMethod: RPCMethod {
    struct Params: Decodable, Sendable {
        let practitionerId: String
        let siteId: String
        let start: Date
        let appointmentTypeId: String
        let patientId: String
        let caller: ContactEntry.Caller?
        let idempotencyKey: String?
        let notes: String?
        let newPatient: Bool?
    }
    static let name = "agenda.book"
    static let summary = "Books an appointment; the same idempotencyKey returns the same appointment. -32009 when the slot is taken."
    static let role = Role.secretary
    static let effect = MethodEffect.write
    static let paramsSchema = Schema.object([
        required("practitionerId", .string), required("siteId", .string), required("start", .instant),
        required("appointmentTypeId", .string), required("patientId", .string), optional("caller", AgendaSchemas.caller),
        optional("idempotencyKey", .string), optional("notes", .string, "kept in the agenda, never exported"),
        optional(
            "newPatient", .boolean,
            "default: false when the patient's followedBy lists the practitioner or they have an appointment with them that is not cancelled; true otherwise")
    ])
    static let resultSchema = AgendaSchemas.appointment
    let core: AgendaCore

    func handle(_ p: Params, context: RequestContext) async throws -> Appointment {
        let practiceId = context.practiceId
        let request = BookingDesk.Request(
            practitionerId: p.practitionerId, siteId: p.siteId, start: p.start, appointmentTypeId: p.appointmentTypeId,
            patientId: p.patientId, caller: try Self.normalised(p.caller), idempotencyKey: p.idempotencyKey, notes: p.notes,
            newPatient: p.newPatient)
        let desk = core.desk
        let actor = core.actor(context)
        let now = context.now
        let host = context.host
        let followUp = core.followUp
        let (appointment, replayed) = try await context.write { db in
            let (appointment, replayed) = try desk.book(request, by: actor, practiceId: practiceId, in: db)
            if !replayed {
                try AgendaWebhooks.enqueue(AgendaWebhooks.booked, appointment, at: now, host: host, practiceId: practiceId, in: db)
                try followUp.booked(appointment, at: now, practiceId: practiceId, in: db)
                try context.publish("agenda.booked", appointment, in: db)
            }
            return (appointment, replayed)
        }
        if !replayed { core.reminderWorker.wake() }
        return appointment
    }

    /// The caller with its phone in E.164, or -32602 naming `caller.phone`.
    static func normalised(_ caller: ContactEntry.Caller?) throws -> ContactEntry.Caller? {
        guard var caller else { return nil }
        if let phone = caller.phone {
            do { caller.phone = try PhoneNumber(phone).e164 } catch {
                throw RPCError.invalidParams(field: "caller.phone", "\(error)")
            }
        }
        return caller
    }
}
