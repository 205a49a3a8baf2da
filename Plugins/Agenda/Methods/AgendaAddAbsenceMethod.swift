import Foundation
import JSONRPC
import Kernel

/// `agenda.addAbsence`: a practitioner will see nobody in `[from, to)`. Appointments already booked
/// inside are kept and returned as to reschedule; nothing is dropped silently. Their patients are
/// told by SMS (`reminders.texts.notice`) and may reply OUI to join the waiting list.
struct AgendaAddAbsenceMethod: RPCMethod {
    struct Params: Decodable, Sendable {
        let practitionerId: String
        let from: Date
        let to: Date
        let kind: Absence.Kind?
        let reason: String?
    }
    struct Result: Encodable, Sendable {
        let absence: Absence
        let toReschedule: [Appointment]
    }
    static let name = "agenda.addAbsence"
    static let summary = "Records an absence (holiday, training, sick leave); returns the appointments it covers, to reschedule."
    static let role = Role.secretary
    static let effect = MethodEffect.write
    static let paramsSchema = Schema.object([
        required("practitionerId", .string), required("from", .instant), required("to", .instant),
        optional("kind", .oneOf(Absence.Kind.allCases.map(\.rawValue)), "default other"), optional("reason", .string)
    ])
    static let resultSchema = Schema.object([required("absence", AgendaSchemas.absence), required("toReschedule", .array(AgendaSchemas.appointment))])
    let core: AgendaCore

    func handle(_ p: Params, context: RequestContext) async throws -> Result {
        let practiceId = context.practiceId
        _ = try core.practitioner(p.practitionerId)
        guard p.from < p.to else { throw RPCError.unprocessable(field: "to", "must be after from") }
        let absence = Absence(
            id: RandomIdentifier.make("abs_", hexDigits: 20), practitionerId: p.practitionerId, start: p.from, end: p.to,
            kind: p.kind ?? .other, reason: p.reason, createdAt: context.now, createdBy: context.actor)
        let followUp = core.followUp
        let now = context.now
        let host = context.host
        let core = self.core
        return try await context.write { db in
            // A booking committing beside it would be missing from `toReschedule`.
            try AgendaStore.serialize(practitionerIds: [absence.practitionerId], practiceId: practiceId, in: db)
            try AgendaStore.insert(absence, practiceId: practiceId, in: db)
            let covered = try AgendaStore.occupyingAppointments(practitionerId: p.practitionerId, from: p.from, to: p.to, practiceId: practiceId, in: db)
            let events = try followUp.absenceCovers(covered, now: now, host: host, practiceId: practiceId, in: db)
            let result = Result(absence: absence, toReschedule: core.flagged(covered, absences: [absence]))
            try context.publish("agenda.absenceAdded", result, in: db)
            for e in events { try e.publish(on: host, in: db) }
            return result
        }
    }
}
