package import Foundation
import JSONRPC
package import Kernel
package import Practice

/// Finds free slots and checks a requested one, applying every rule of the agenda.
///
/// For each practitioner the search takes that practitioner's appointments and absences around the
/// searched window from the `OccupancyCache` (no range query unless a week changed), expands the
/// schedule per local date, and keeps a
/// candidate when: the audience admits the patient (and a new patient only where new patients are
/// taken), it starts after the minimum notice and within the horizon, the caller's role may book it
/// (or it has been released), no absence covers it, and booked appointments leave room (capacity).
package struct SlotSearch: Sendable {
    package let rules: AgendaRules
    package let directory: PracticeDirectory

    /// Each practitioner's specialty, folded for comparison (same order as `rules.practitioners`).
    private let foldedSpecialties: [String]
    /// Each practitioner's slot generator, with their week expanded once (by practitioner id).
    private let generators: [String: SlotGenerator]
    /// Occupied time held in memory, shared by every search.
    private let occupancy = OccupancyCache()

    package init(rules: AgendaRules, directory: PracticeDirectory) {
        self.rules = rules
        self.directory = directory
        foldedSpecialties = rules.practitioners.map { TextFolding.fold($0.specialty) }
        generators = Dictionary(
            rules.practitioners.map { p in
                (p.id, SlotGenerator(practitioner: p, timeZone: directory.timeZone, calendars: directory.calendars, weekly: WeeklyStarts(practitioner: p)))
            }, uniquingKeysWith: { first, _ in first })
    }

    /// Who is searching, and when.
    package struct Caller: Sendable {
        package var now: Date
        package var role: Role
        package var newPatient: Bool
        package init(now: Date, role: Role, newPatient: Bool) {
            self.now = now
            self.role = role
            self.newPatient = newPatient
        }
    }

    func generator(for p: PractitionerAgenda) -> SlotGenerator {
        generators[p.id] ?? SlotGenerator(practitioner: p, timeZone: directory.timeZone, calendars: directory.calendars, weekly: WeeklyStarts(practitioner: p))
    }

    /// Why a candidate is not offered to this caller, before bookings are counted; nil when it may be.
    enum Refusal: Error {
        case audience, notice, horizon, restricted
    }

    /// Applies the rules that depend only on the caller and the clock; returns whether the slot is released.
    func check(_ c: CandidateSlot, type: AppointmentType, practitioner: PractitionerAgenda, caller: Caller) -> Result<Bool, Refusal> {
        guard type.admits(newPatient: caller.newPatient), !caller.newPatient || practitioner.acceptsNewPatients else { return .failure(.audience) }
        guard c.start >= caller.now.addingTimeInterval(Double(type.minNoticeMinutes * 60)) else { return .failure(.notice) }
        guard c.start < caller.now.addingTimeInterval(Double(type.horizonDays) * 86_400) else { return .failure(.horizon) }
        if type.isRestricted(for: caller.role) {
            guard let hours = type.releaseHoursBefore, caller.now >= c.start.addingTimeInterval(-hours * 3600) else { return .failure(.restricted) }
            return .success(true)
        }
        return .success(false)
    }

    /// Room left in `c` for `type` (whose code is `code`) given the occupants (sorted by start) and
    /// absences; 0 when the slot is taken.
    static func remaining(
        _ c: CandidateSlot, type: AppointmentType, code: TypeCode, occupants: [AgendaStore.Occupant],
        absences: [Absence]
    ) -> Int {
        if absences.contains(where: { $0.overlaps(c.start, c.blockEnd) }) { return 0 }
        let start = c.start.timeIntervalSince1970
        let blockEnd = c.blockEnd.timeIntervalSince1970
        // First occupant that could overlap: occupants are sorted by start; blocks are bounded in length.
        var low = 0
        var high = occupants.count
        let bound = start - AgendaStore.maximumBlockSeconds
        while low < high {
            let mid = (low + high) / 2
            if occupants[mid].start < bound { low = mid + 1 } else { high = mid }
        }
        var same = 0
        var index = low
        while index < occupants.count, occupants[index].start < blockEnd {
            let o = occupants[index]
            index += 1
            guard o.blockEnd > start else { continue }
            if o.type == code && o.start == start && type.capacity > 1 { same += 1 } else { return 0 }
        }
        return max(0, type.capacity - same)
    }

    /// Free slots of `type` for one practitioner of `practiceId` in `[from, to)`, in time order, at most `limit`.
    func slots(
        practitioner p: PractitionerAgenda, type: AppointmentType, siteId: String?, from: Date, to: Date, caller: Caller,
        limit: Int, practiceId: String, store: Store
    ) throws -> [Slot] {
        guard type.admits(newPatient: caller.newPatient), !caller.newPatient || p.acceptsNewPatients else { return [] }
        // Nothing before now + notice or after the horizon can be offered: clip the window first.
        let from = max(from, caller.now.addingTimeInterval(Double(type.minNoticeMinutes * 60)))
        let to = min(to, caller.now.addingTimeInterval(Double(type.horizonDays) * 86_400))
        guard from < to else { return [] }
        let sites = siteId.map { s in p.siteIds.filter { $0 == s } } ?? p.siteIds
        guard !sites.isEmpty else { return [] }
        let held = try occupancy.occupancy(
            practiceId: practiceId, practitionerId: p.id, from: from, to: to.addingTimeInterval(p.longestBlockSeconds), store: store)
        let occupants = held.occupants
        let absences = held.absences
        let code = TypeCode.of(type.id)
        let generator = generator(for: p)
        let tz = directory.timeZone
        var out: [Slot] = []
        out.reserveCapacity(min(limit, 64))
        var date = LocalDate(from, in: tz)
        let last = LocalDate(to, in: tz)
        let weeks = sites.map { generator.weekly.week(typeId: type.id, siteId: $0) }
        while date <= last, out.count < limit {
            let dayStart = out.count
            var sitesOpen = 0
            for (site, week) in zip(sites, weeks) {
                let siteStart = out.count
                defer { if out.count > siteStart { sitesOpen += 1 } }
                for c in generator.candidates(type: type, siteId: site, on: date, week: week) where c.start >= from && c.start < to {
                    guard case .success(let released) = check(c, type: type, practitioner: p, caller: caller) else { continue }
                    let left = Self.remaining(c, type: type, code: code, occupants: occupants, absences: absences)
                    guard left > 0 else { continue }
                    out.append(
                        Slot(
                            practitionerId: p.id, practitionerName: p.name, siteId: site, appointmentTypeId: type.id,
                            start: c.start, end: c.end, capacity: type.capacity, remaining: left, released: released))
                    // One site gives its day in time order: nothing past the limit is needed.
                    if sites.count == 1 && out.count == limit { return out }
                }
            }
            if sitesOpen > 1 {
                // Several sites' slots on one day, each site's in time order: merged in place.
                out.withUnsafeMutableBufferPointer { all in
                    var day = UnsafeMutableBufferPointer(rebasing: all[dayStart...])
                    day.sort { ($0.start, $0.siteId) < ($1.start, $1.siteId) }
                }
            }
            if out.count > limit { out.removeLast(out.count - limit) }
            date = date.adding(days: 1)
        }
        return out
    }

    /// The earliest free slot of `type` for one practitioner in `[from, to)`, looked for a week at a
    /// time (its cost depends on how soon a slot is found, not on the window).
    func firstSlot(
        practitioner p: PractitionerAgenda, type: AppointmentType, siteId: String?, from: Date, to: Date, caller: Caller,
        practiceId: String, store: Store
    ) throws -> Slot? {
        var windowStart = from
        while windowStart < to {
            let windowEnd = min(to, windowStart.addingTimeInterval(7 * 86_400))
            if let s = try slots(
                practitioner: p, type: type, siteId: siteId, from: windowStart, to: windowEnd, caller: caller,
                limit: 1, practiceId: practiceId, store: store
            ).first {
                return s
            }
            windowStart = windowEnd
        }
        return nil
    }

    /// Why `slots(…)` finds nothing for this practitioner in `[from, to)`, with a French sentence;
    /// the first rule that empties the window is named. Call it only when the search found nothing.
    func reason(
        practitioner p: PractitionerAgenda, type: AppointmentType, siteId: String?, from: Date, to: Date, caller: Caller,
        practiceId: String, store: Store
    ) throws -> PractitionerReason {
        func said(_ reason: EmptyReason, _ message: String) -> PractitionerReason {
            PractitionerReason(practitionerId: p.id, practitionerName: p.name, reason: reason, message: message)
        }
        if caller.newPatient && !p.acceptsNewPatients { return said(.noNewPatients, "\(p.name) ne prend pas de nouveaux patients") }
        if !type.admits(newPatient: caller.newPatient) {
            return said(
                .typeNotOffered,
                "« \(type.label) » chez \(p.name) est réservé aux "
                    + (caller.newPatient ? "patients déjà suivis" : "nouveaux patients"))
        }
        let sites = siteId.map { s in p.siteIds.filter { $0 == s } } ?? p.siteIds
        if sites.isEmpty {
            let name = siteId.flatMap { s in directory.sites.first { $0.id == s }?.name } ?? siteId ?? ""
            return said(.notAtSite, "\(p.name) ne consulte pas sur le site « \(name) »")
        }
        let earliest = caller.now.addingTimeInterval(Double(type.minNoticeMinutes * 60))
        let latest = caller.now.addingTimeInterval(Double(type.horizonDays) * 86_400)
        if to <= caller.now { return said(.tooSoon, "\(p.name) : la période demandée est déjà passée") }
        if to <= earliest {
            return said(.tooSoon, "« \(type.label) » chez \(p.name) se prend au moins \(SlotWording.delay(minutes: type.minNoticeMinutes)) à l'avance")
        }
        if from >= latest {
            return said(.beyondHorizon, "« \(type.label) » chez \(p.name) se prend au plus \(type.horizonDays) jours à l'avance")
        }
        let from = max(from, earliest)
        let to = min(to, latest)
        let absences = try occupancy.occupancy(
            practiceId: practiceId, practitionerId: p.id, from: from, to: to.addingTimeInterval(p.longestBlockSeconds), store: store
        ).absences
        let generator = generator(for: p)
        var scheduled = false
        var allowed = false
        var date = LocalDate(from, in: directory.timeZone)
        let last = LocalDate(to, in: directory.timeZone)
        while date <= last {
            for site in sites {
                for c in generator.candidates(type: type, siteId: site, on: date) where c.start >= from && c.start < to {
                    scheduled = true
                    guard case .success = check(c, type: type, practitioner: p, caller: caller) else { continue }
                    allowed = true
                    if !absences.contains(where: { $0.overlaps(c.start, c.blockEnd) }) {
                        return said(.fullyBooked, "\(p.name) : plus de créneau libre pour « \(type.label) » sur cette période")
                    }
                }
            }
            date = date.adding(days: 1)
        }
        if !scheduled { return said(.noSchedule, "\(p.name) : pas de consultation « \(type.label) » sur cette période") }
        if !allowed {
            return said(
                .reservedToStaff,
                "« \(type.label) » chez \(p.name) est réservé à l'équipe du cabinet"
                    + (type.releaseHoursBefore.map { " jusqu'à \(SlotWording.delay(minutes: Int($0 * 60))) avant l'heure" } ?? ""))
        }
        return said(.noSchedule, "\(p.name) : absence sur cette période")
    }

    /// Practitioners a search covers: the listed ids, or a specialty, or everyone offering the type.
    func practitioners(ids: [String]?, specialty: String?, typeId: String) throws -> [PractitionerAgenda] {
        var chosen: [PractitionerAgenda]
        if let ids, !ids.isEmpty {
            chosen = try ids.enumerated().map { i, id in
                guard let p = rules.practitioner(id) else { throw RPCError.unprocessable(field: "practitionerIds[\(i)]", "unknown practitioner \"\(id)\"") }
                return p
            }
        } else if let specialty {
            let wanted = TextFolding.fold(specialty)
            chosen = zip(rules.practitioners, foldedSpecialties).filter { $0.1 == wanted }.map(\.0)
            if chosen.isEmpty {
                let known = Set(rules.practitioners.map(\.specialty)).sorted().joined(separator: ", ")
                throw RPCError.unprocessable(field: "specialty", "no practitioner of specialty \"\(specialty)\"; known: \(known)")
            }
        } else {
            chosen = rules.practitioners
        }
        let offering = chosen.filter { $0.type(typeId) != nil }
        if offering.isEmpty {
            throw RPCError.unprocessable(field: "appointmentTypeId", "unknown appointment type \"\(typeId)\" for \(chosen.map(\.id).joined(separator: ", "))")
        }
        return offering
    }
}
