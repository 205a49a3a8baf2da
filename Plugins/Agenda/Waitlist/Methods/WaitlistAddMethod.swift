import Foundation
import JSONRPC
import Kernel
import Practice

/// `waitlist.add`: puts a patient on the waiting list for an appointment type; freed slots that
/// fit are offered by SMS, longest waiting first.
struct WaitlistAddMethod: RPCMethod {
    struct Params: Decodable, Sendable {
        let patientId: String
        let appointmentTypeId: String
        let practitionerIds: [String]?
        let specialty: String?
        let siteId: String?
        let earliest: Date?
        let latest: Date?
        let preferredTimes: [String]?
        let note: String?
        let phone: String?
    }
    static let name = "waitlist.add"
    static let summary = "Puts a patient on the waiting list for an appointment type; freed slots that fit are offered by SMS, longest waiting first."
    static let role = Role.secretary
    static let effect = MethodEffect.write
    static let maximumNoteLength = 500
    static let paramsSchema = Schema.object([
        required("patientId", .string), required("appointmentTypeId", .string),
        optional("practitionerIds", Schema.array(.string).maxItems(20), "acceptable practitioners; default: any offering the type (of specialty when given)"),
        optional("specialty", .text(100), "when no practitionerIds: any practitioner of this specialty"),
        optional("siteId", .string, "default: any site"), optional("earliest", .instant, "default: now"), optional("latest", .instant),
        optional("preferredTimes", Schema.array(.string).maxItems(10), "local HH:mm-HH:mm ranges the patient can come in; default any time"),
        optional("note", .text(maximumNoteLength)), optional("phone", .string, "where offers go; default: the patient's number")
    ])
    static let resultSchema = WaitlistEntry.schema
    let core: AgendaCore

    func handle(_ p: Params, context: RequestContext) async throws -> WaitlistEntry {
        let practiceId = context.practiceId
        let ids = p.practitionerIds ?? []
        for (i, id) in ids.enumerated() { _ = try core.practitioner(id, field: "practitionerIds[\(i)]") }
        let candidates =
            ids.isEmpty
            ? core.rules.practitioners.filter { p.specialty == nil || TextFolding.fold($0.specialty) == TextFolding.fold(p.specialty!) }
            : ids.compactMap(core.rules.practitioner)
        if candidates.isEmpty { throw RPCError.unprocessable(field: "specialty", "no practitioner of specialty \"\(p.specialty ?? "")\"") }
        guard candidates.contains(where: { $0.type(p.appointmentTypeId) != nil }) else {
            throw RPCError.unprocessable(field: "appointmentTypeId", "no chosen practitioner offers \"\(p.appointmentTypeId)\"")
        }
        if let site = p.siteId, !candidates.contains(where: { $0.siteIds.contains(site) }) {
            throw RPCError.unprocessable(field: "siteId", "no chosen practitioner consults at \"\(site)\"")
        }
        if let e = p.earliest, let l = p.latest, l <= e { throw RPCError.unprocessable(field: "latest", "must be after earliest") }
        var ranges: [LocalTimeRange] = []
        for (i, text) in (p.preferredTimes ?? []).enumerated() {
            guard let r = LocalTimeRange(text) else { throw RPCError.invalidParams(field: "preferredTimes[\(i)]", "expected HH:mm-HH:mm") }
            ranges.append(r)
        }
        var given: String?
        if let phone = p.phone {
            do { given = try PhoneNumber(phone).e164 } catch { throw RPCError.invalidParams(field: "phone", "\(error)") }
        }
        let patients = core.patients
        let now = context.now
        let actor = context.actor
        let preferred = ranges
        let givenPhone = given
        return try await context.write { db in
            guard try patients.patientName(id: p.patientId, in: db) != nil else {
                throw RPCError.notFound("patient \"\(p.patientId)\"", field: "patientId")
            }
            guard let phone = try givenPhone ?? patients.phone(id: p.patientId, in: db) else {
                throw RPCError.unprocessable(field: "phone", "the patient has no phone number: give one")
            }
            let entry = WaitlistEntry(
                id: RandomIdentifier.make("wl_", hexDigits: 20), patientId: p.patientId, phone: phone, appointmentTypeId: p.appointmentTypeId,
                practitionerIds: ids, specialty: ids.isEmpty ? p.specialty : nil, siteId: p.siteId,
                earliest: p.earliest ?? now, latest: p.latest, preferredTimes: preferred, note: p.note,
                createdAt: now, createdBy: actor)
            try WaitlistStore.insert(entry, practiceId: practiceId, in: db)
            return entry
        }
    }
}
