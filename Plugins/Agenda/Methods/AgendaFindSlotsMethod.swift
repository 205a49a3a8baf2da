import Foundation
import JSONRPC
import Kernel
import Practice

/// `agenda.findSlots`: free slots of one appointment type, in time order.
///
/// The secretary's most frequent question, answered on the connection's own thread when it is
/// small (see `runsInline`): occupied time comes from the `OccupancyCache`, so such a search is a
/// revision check and work in memory. Whether the patient is new to each practitioner comes from
/// `newPatient`, or else from the patient's record and history (`PatientStanding`). With
/// `explain: true` the answer is an object whose empty `slots` come with the reason and the first
/// slots of other practitioners (`SearchExplanation`); only an empty search pays for that.
struct AgendaFindSlotsMethod: InlineRPCMethod {
    typealias Result = FindSlotsAnswer
    struct Params: ReadableParams {
        let appointmentTypeId: String
        let practitionerIds: [String]?
        let specialty: String?
        let siteId: String?
        let from: Date
        let to: Date?
        let limit: Int?
        let newPatient: Bool?
        let patientId: String?
        let explain: Bool?

        init(reading p: ParamsReader) throws {
            appointmentTypeId = try p.string("appointmentTypeId")
            practitionerIds = try p.optionalStrings("practitionerIds")
            specialty = try p.optionalString("specialty")
            siteId = try p.optionalString("siteId")
            from = try p.instant("from")
            to = try p.optionalInstant("to")
            limit = try p.optionalInt("limit")
            newPatient = try p.optionalBool("newPatient")
            patientId = try p.optionalString("patientId")
            explain = try p.optionalBool("explain")
        }

        /// The end of the window: `to`, or `from` + 14 days.
        var end: Date { to ?? from.addingTimeInterval(14 * 86_400) }
    }
    static let name = "agenda.findSlots"
    static let summary = "Free slots of an appointment type for some practitioners (or a specialty), in time order; with explain, why none and alternatives."
    static let role = Role.secretary
    static let paramsSchema = Schema.object([
        required("appointmentTypeId", .string), required("from", .instant),
        optional(
            "newPatient", .boolean,
            "true for someone the practitioner does not follow yet; default: from patientId (followedBy, "
                + "appointments not cancelled), and true for everyone without a patientId"),
        optional("practitionerIds", .array(.string)), optional("specialty", .string, "instead of practitionerIds"),
        optional("siteId", .string), optional("to", .instant, "default: from + 14 days"),
        optional("limit", .integer, "default 50, at most 1000"),
        optional("patientId", .string, "the patient asking: whether they are new to each practitioner is read from their record and appointments"),
        optional("explain", .boolean, "answer {slots}, with reason, message, practitioners and alternatives when slots is empty; default false (an array)")
    ])
    static let resultSchema = Schema.anyOf([
        .array(AgendaSchemas.slot),
        .object(
            [required("slots", .array(AgendaSchemas.slot))]
                + AgendaSchemas.explanationFields.map { f in
                    var f = f
                    f.required = false
                    return f
                })
    ])
    let core: AgendaCore

    /// Searches of up to three listed practitioners over up to 31 days run inline; wider ones
    /// (a specialty, everyone, a longer window) in a task of their own.
    func runsInline(_ p: Params) -> Bool {
        guard let ids = p.practitionerIds, (1...3).contains(ids.count) else { return false }
        return p.end.timeIntervalSince(p.from) <= 31 * 86_400
    }

    func handleInline(_ p: Params, context: RequestContext) throws -> FindSlotsAnswer {
        let to = p.end
        try core.checkWindow(p.from, to)
        let limit = p.limit ?? 50
        guard (1...1000).contains(limit) else { throw RPCError.invalidParams(field: "limit", "must be between 1 and 1000") }
        if let site = p.siteId { _ = try core.directory.site(site) }
        let practitioners = try core.search.practitioners(ids: p.practitionerIds, specialty: p.specialty, typeId: p.appointmentTypeId)
        let standing = try core.standing(patientId: p.patientId, newPatient: p.newPatient, practiceId: context.practiceId, store: context.store)
        let search = core.search
        var slots: [Slot] = []
        for pr in practitioners {
            let caller = SlotSearch.Caller(now: context.now, role: context.role, newPatient: standing.isNew(for: pr.id))
            slots += try search.slots(
                practitioner: pr, type: pr.type(p.appointmentTypeId)!, siteId: p.siteId, from: p.from, to: to,
                caller: caller, limit: limit, practiceId: context.practiceId, store: context.store)
        }
        // One practitioner's slots come in order (start, then site); several are merged.
        if practitioners.count > 1 {
            slots.sort { ($0.start, $0.practitionerId, $0.siteId) < ($1.start, $1.practitionerId, $1.siteId) }
            if slots.count > limit { slots.removeLast(slots.count - limit) }
        }
        guard p.explain == true else { return .slots(slots) }
        guard slots.isEmpty else { return .explained(slots, nil) }
        let query = EmptySearchExplainer.Query(
            typeId: p.appointmentTypeId, practitioners: practitioners, siteId: p.siteId, from: p.from,
            to: to, standing: standing, now: context.now, role: context.role, practiceId: context.practiceId)
        return .explained([], try core.explainer.explain(query, store: context.store))
    }
}
