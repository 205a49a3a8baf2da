import Foundation
import JSONRPC
import Kernel
import Practice

/// `agenda.nextAvailable`: the earliest free slot across every practitioner offering the type.
///
/// The search walks forward one week at a time over all the chosen practitioners and stops at the
/// first week holding a slot, so its cost depends on how soon a slot is found, not on the horizon.
/// When there is none, the answer says why and offers the first slots of other practitioners
/// (`SearchExplanation`, an object without `start`); it was `null` before.
struct AgendaNextAvailableMethod: RPCMethod {
    struct Params: Decodable, Sendable {
        let appointmentTypeId: String
        let practitionerIds: [String]?
        let specialty: String?
        let siteId: String?
        let from: Date?
        let withinDays: Int?
        let newPatient: Bool?
        let patientId: String?
    }
    static let name = "agenda.nextAvailable"
    static let summary =
        "The earliest free slot of an appointment type across practitioners (or a specialty); if none, why, and other practitioners' first slots."
    static let role = Role.secretary
    static let paramsSchema = Schema.object([
        required("appointmentTypeId", .string),
        optional("newPatient", .boolean, "default: from patientId (followedBy, appointments not cancelled), and true for everyone without a patientId"),
        optional("practitionerIds", .array(.string)), optional("specialty", .string), optional("siteId", .string),
        optional("from", .instant, "default: now"), optional("withinDays", .integer, "how far to look, default 366"),
        optional("patientId", .string, "the patient asking: whether they are new to each practitioner is read from their record and appointments")
    ])
    static let resultSchema = Schema.anyOf([AgendaSchemas.slot, AgendaSchemas.explanation.describing("no slot: why, and alternatives")])
    let core: AgendaCore

    func handle(_ p: Params, context: RequestContext) async throws -> NextAvailableAnswer {
        let days = p.withinDays ?? AgendaCore.maximumSpanDays
        guard (1...AgendaCore.maximumSpanDays).contains(days) else {
            throw RPCError.invalidParams(field: "withinDays", "must be between 1 and \(AgendaCore.maximumSpanDays)")
        }
        if let site = p.siteId { _ = try core.directory.site(site) }
        let practitioners = try core.search.practitioners(ids: p.practitionerIds, specialty: p.specialty, typeId: p.appointmentTypeId)
        let standing = try await Self.standing(p, core: core, practiceId: context.practiceId, store: context.store)
        let search = core.search
        let start = max(p.from ?? context.now, context.now)
        let end = start.addingTimeInterval(Double(days) * 86_400)
        var windowStart = start
        while windowStart < end {
            let windowEnd = min(end, windowStart.addingTimeInterval(7 * 86_400))
            var best: Slot?
            for pr in practitioners {
                // Each practitioner needs only to beat the best slot found so far.
                let upTo = best.map { min(windowEnd, $0.start.addingTimeInterval(1)) } ?? windowEnd
                guard windowStart < upTo else { continue }
                let caller = SlotSearch.Caller(now: context.now, role: context.role, newPatient: standing.isNew(for: pr.id))
                if let s = try search.slots(
                    practitioner: pr, type: pr.type(p.appointmentTypeId)!, siteId: p.siteId,
                    from: windowStart, to: upTo, caller: caller, limit: 1, practiceId: context.practiceId, store: context.store
                ).first,
                    best.map({ (s.start, s.practitionerId) < ($0.start, $0.practitionerId) }) ?? true
                {
                    best = s
                }
            }
            if let best { return .slot(best) }
            windowStart = windowEnd
        }
        let query = EmptySearchExplainer.Query(
            typeId: p.appointmentTypeId, practitioners: practitioners, siteId: p.siteId, from: start,
            to: end, standing: standing, now: context.now, role: context.role, practiceId: context.practiceId)
        return .none(try core.explainer.explain(query, store: context.store))
    }

    /// The caller's standing, read in a transaction of the reader pool when a patient is named.
    private static func standing(_ p: Params, core: AgendaCore, practiceId: String, store: Store) async throws -> PatientStanding {
        guard let patientId = p.patientId else { return PatientStanding(flag: p.newPatient) }
        let patients = core.patients
        let flag = p.newPatient
        return try await store.read { db in try PatientStanding.of(patientId: patientId, newPatient: flag, patients: patients, practiceId: practiceId, in: db) }
    }
}
