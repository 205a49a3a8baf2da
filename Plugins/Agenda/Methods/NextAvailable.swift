import Foundation
import Kernel
import Practice

/// `agenda.nextAvailable`: the earliest free slot across every practitioner offering the type.
///
/// The search walks forward one week at a time over all the chosen practitioners and stops at the
/// first week holding a slot, so its cost depends on how soon a slot is found, not on the horizon.
struct NextAvailable: RPCMethod {
    struct Params: Decodable, Sendable {
        let appointmentTypeId: String
        let practitionerIds: [String]?
        let specialty: String?
        let siteId: String?
        let from: Date?
        let withinDays: Int?
        let newPatient: Bool
    }
    static let name = "agenda.nextAvailable"
    static let summary = "The earliest free slot of an appointment type across practitioners (or a specialty); null if none."
    static let role = Role.secretary
    static let paramsSchema = Schema.object([
        required("appointmentTypeId", .string), required("newPatient", .boolean),
        optional("practitionerIds", .array(.string)), optional("specialty", .string), optional("siteId", .string),
        optional("from", .instant, "default: now"), optional("withinDays", .integer, "how far to look, default 366"),
    ])
    static let resultSchema = Schema.nullable(AgendaSchemas.slot)
    let core: AgendaCore

    func handle(_ p: Params, context: RequestContext) async throws -> Slot? {
        let days = p.withinDays ?? AgendaCore.maximumSpanDays
        guard (1...AgendaCore.maximumSpanDays).contains(days) else {
            throw RPCError.invalidParams(field: "withinDays", "must be between 1 and \(AgendaCore.maximumSpanDays)")
        }
        if let site = p.siteId { _ = try core.directory.site(site) }
        let practitioners = try core.search.practitioners(ids: p.practitionerIds, specialty: p.specialty, typeId: p.appointmentTypeId)
        let caller = SlotSearch.Caller(now: context.now, role: context.role, newPatient: p.newPatient)
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
                if let s = try search.slots(practitioner: pr, type: pr.type(p.appointmentTypeId)!, siteId: p.siteId,
                                            from: windowStart, to: upTo, caller: caller, limit: 1, store: context.store).first,
                   best.map({ (s.start, s.practitionerId) < ($0.start, $0.practitionerId) }) ?? true {
                    best = s
                }
            }
            if let best { return best }
            windowStart = windowEnd
        }
        return nil
    }
}
