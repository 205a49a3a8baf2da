import Foundation
import JSONRPC
import Kernel
import Logging

/// `agenda.removeAbsence`: the practitioner works after all; the absence's time is offered again.
struct AgendaRemoveAbsenceMethod: OneKeyMethod {
    static let keyParam = required("absenceId", .string)
    static let name = "agenda.removeAbsence"
    static let summary = "Removes an absence; returns it."
    static let role = Role.secretary
    static let effect = MethodEffect.write
    static let resultSchema = AgendaSchemas.absence
    let core: AgendaCore

    func handle(_ p: Params, context: RequestContext) async throws -> Absence {
        let practiceId = context.practiceId
        let followUp = core.followUp
        let now = context.now
        let host = context.host
        let removed = try await context.write { db -> Absence in
            guard let a = try AgendaStore.absence(id: p.key, practiceId: practiceId, in: db) else {
                throw RPCError.notFound("absence \"\(p.key)\"", field: "absenceId")
            }
            try AgendaStore.deleteAbsence(id: a.id, practiceId: practiceId, in: db)
            // The appointments it covered stand again: their patients are told, their reminders come back.
            try followUp.absenceRemoved(practitionerId: a.practitionerId, from: a.start, to: a.end, now: now, host: host, practiceId: practiceId, in: db)
            try context.publish("agenda.absenceRemoved", a, in: db)
            return a
        }
        // The time is free again: offer it to the waiting list. The absence is already gone; a
        // failure to offer is logged, never undoes it.
        do {
            try await core.followUp.offerFreedTime(
                practitionerId: removed.practitionerId, from: removed.start, to: removed.end,
                search: core.search, host: context.host, practiceId: context.practiceId)
            core.reminderWorker.wake()
        } catch {
            context.host.logger.error("agenda: offering the time of absence \(removed.id) failed: \(error)")
        }
        return removed
    }
}
