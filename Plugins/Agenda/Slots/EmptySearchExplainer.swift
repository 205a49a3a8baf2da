import Foundation
import Kernel
import Practice

/// Explains an empty search: each searched practitioner's reason, and the first free slot of each
/// other practitioner who could see the patient instead.
///
/// Alternatives are the practice's other practitioners of a searched practitioner's specialty who
/// offer the same appointment type to this patient (a new patient only where new patients are
/// taken), at any site, in the same window; the earliest first, at most `maximumAlternatives`. The
/// message names each alternative's site when the practice has several. Only empty searches pay for this.
struct EmptySearchExplainer: Sendable {
    let search: SlotSearch
    static let maximumAlternatives = 3

    /// What was searched.
    struct Query {
        var typeId: String
        var practitioners: [PractitionerAgenda]
        var siteId: String?
        var from: Date
        var to: Date
        var standing: PatientStanding
        var now: Date
        var role: Role
        /// The practice searched.
        var practiceId: String

        func caller(for p: PractitionerAgenda) -> SlotSearch.Caller {
            SlotSearch.Caller(now: now, role: role, newPatient: standing.isNew(for: p.id))
        }
    }

    func explain(_ q: Query, store: Store) throws -> SearchExplanation {
        let reasons = try q.practitioners.map { p in
            try search.reason(
                practitioner: p, type: p.type(q.typeId)!, siteId: q.siteId, from: q.from, to: q.to, caller: q.caller(for: p),
                practiceId: q.practiceId, store: store)
        }
        let alternatives = try self.alternatives(q, store: store)
        let distinct = reasons.reduce(into: [EmptyReason]()) { if !$0.contains($1.reason) { $0.append($1.reason) } }
        var message = reasons.map(\.message).joined(separator: " ; ")
        if !alternatives.isEmpty {
            let directory = search.directory
            message +=
                " → "
                + alternatives.map { slot in
                    var text = "\(slot.practitionerName), premier créneau \(SlotWording.moment(slot.start, in: directory.timeZone))"
                    // Where, when the practice has several sites.
                    if directory.sites.count > 1, let site = directory.sites.first(where: { $0.id == slot.siteId }) {
                        text += ", site « \(site.name) »"
                    }
                    return text
                }.joined(separator: " ; ")
        }
        return SearchExplanation(
            reason: distinct.count == 1 ? distinct[0] : .mixed, message: message, practitioners: reasons,
            alternatives: alternatives)
    }

    /// The first free slot of each other practitioner who could see this patient, earliest first.
    func alternatives(_ q: Query, store: Store) throws -> [Slot] {
        let searched = Set(q.practitioners.map(\.id))
        let specialties = Set(q.practitioners.map { TextFolding.fold($0.specialty) })
        var found: [Slot] = []
        for p in search.rules.practitioners where !searched.contains(p.id) && specialties.contains(TextFolding.fold(p.specialty)) {
            guard let type = p.type(q.typeId) else { continue }
            if let s = try search.firstSlot(
                practitioner: p, type: type, siteId: nil, from: q.from, to: q.to, caller: q.caller(for: p),
                practiceId: q.practiceId, store: store)
            {
                found.append(s)
            }
        }
        found.sort { ($0.start, $0.practitionerId) < ($1.start, $1.practitionerId) }
        return Array(found.prefix(Self.maximumAlternatives))
    }
}
