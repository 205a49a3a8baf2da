import Foundation
import JSONRPC
package import Kernel
package import Practice

/// The agenda's rules for every practitioner, read from the `practitioners` section of the
/// configuration (`schedule`, `appointmentTypes`, `reservedBlocks`, `exceptions`, `acceptsNewPatients`).
///
/// Validation collects every problem with its path and line: a range whose end is before its start,
/// an unknown weekday or site, an unknown type in a reserved block, a duplicate type id…
package struct AgendaRules: Sendable {
    package let practitioners: [PractitionerAgenda]
    private let index: [String: Int]

    package init(practitioners: [PractitionerAgenda]) {
        self.practitioners = practitioners
        var index: [String: Int] = [:]
        for (i, p) in practitioners.enumerated() { index[p.id] = i }
        self.index = index
    }

    package func practitioner(_ id: String) -> PractitionerAgenda? { index[id].map { practitioners[$0] } }

    // MARK: - Decoding

    private struct RawType: Decodable {
        var id: String
        var label: String?
        var minutes: Int
        var capacity: Int?
        var audience: String?
        var bookableBy: [String]?
        var releaseHoursBefore: Double?
        var minNoticeMinutes: Int?
        var horizonDays: Int?
        var bufferMinutes: Int?
        var stepMinutes: Int?
        var mode: String?
    }
    private struct RawBlock: Decodable {
        var site: String
        var days: [String]
        var time: String
        var types: [String]
    }
    private struct RawException: Decodable {
        var date: String
        var site: String?
        var ranges: [String]?
        var closed: Bool?
    }
    private struct RawPractitioner: Decodable {
        var id: String
        var name: String
        var specialty: String?
        var acceptsNewPatients: Bool?
        var appointmentTypes: [RawType]?
        var reservedBlocks: [RawBlock]?
        var exceptions: [RawException]?
    }

    /// Reads and validates the rules; returns nil after appending to `issues` when anything is wrong.
    package init?(configuration: ConfigurationDocument, directory: PracticeDirectory, issues: inout [ConfigurationIssue]) {
        let before = issues.count
        guard let raws = configuration.decode([RawPractitioner].self, at: "practitioners", default: [], issues: &issues) else { return nil }
        let siteIDs = Set(directory.sites.map(\.id))
        var result: [PractitionerAgenda] = []
        func issue(_ path: String, _ message: String) { issues.append(configuration.issue(path, message)) }
        func parseRanges(_ values: [JSONValue], path: String) -> [LocalTimeRange] {
            var out: [LocalTimeRange] = []
            for (k, v) in values.enumerated() {
                guard let text = v.stringValue else {
                    issue("\(path)[\(k)]", "expected a quoted \"HH:mm-HH:mm\" range")
                    continue
                }
                if let r = LocalTimeRange(text) {
                    out.append(r)
                    continue
                }
                let parts = text.split(separator: "-").map { LocalTime(String($0).trimmingCharacters(in: .whitespaces)) }
                if parts.count == 2, let s = parts[0], let e = parts[1], e <= s {
                    issue("\(path)[\(k)]", "range \"\(text)\" ends before it starts")
                } else {
                    issue("\(path)[\(k)]", "expected \"HH:mm-HH:mm\", got \"\(text)\"")
                }
            }
            let sorted = out.sorted()
            for (a, b) in zip(sorted, sorted.dropFirst()) where b.start < a.end {
                issue(path, "ranges \(a) and \(b) overlap")
            }
            return sorted
        }
        for (i, raw) in raws.enumerated() {
            let base = "practitioners[\(i)]"
            // Schedule: site → weekday → ranges.
            var schedule: [String: [Weekday: [LocalTimeRange]]] = [:]
            var siteOrder: [String] = []
            if let sched = configuration.value(at: "\(base).schedule") {
                if let object = sched.objectValue {
                    for (site, days) in object {
                        siteOrder.append(site)
                        if !siteIDs.contains(site) { issue("\(base).schedule.\(site)", "unknown site \"\(site)\"") }
                        guard let dayObject = days.objectValue else {
                            issue("\(base).schedule.\(site)", "expected weekday: [ranges]")
                            continue
                        }
                        var week: [Weekday: [LocalTimeRange]] = [:]
                        for (dayName, list) in dayObject {
                            guard let day = Weekday(rawValue: dayName) else {
                                let hint = NearestName.suggestion(for: dayName, among: Weekday.allCases.map(\.rawValue)).map { "did you mean `\($0)`? " } ?? ""
                                issue("\(base).schedule.\(site).\(dayName)", "unknown weekday \"\(dayName)\"; \(hint)use monday … sunday")
                                continue
                            }
                            guard let values = list.arrayValue else {
                                issue("\(base).schedule.\(site).\(dayName)", "expected a list of ranges")
                                continue
                            }
                            week[day] = parseRanges(values, path: "\(base).schedule.\(site).\(dayName)")
                        }
                        schedule[site] = week
                    }
                } else if !sched.isNull {
                    issue("\(base).schedule", "expected site: {weekday: [ranges]}")
                }
            }
            // A practitioner is at one site at a time: ranges of two sites on one weekday must not overlap.
            for day in Weekday.allCases {
                let placed = siteOrder.flatMap { site in (schedule[site]?[day] ?? []).map { (site: site, range: $0) } }.sorted { $0.range < $1.range }
                var latest: (site: String, range: LocalTimeRange)?
                for p in placed {
                    if let l = latest, l.site != p.site, p.range.start < l.range.end {
                        issue(
                            "\(base).schedule.\(p.site).\(day.rawValue)",
                            "\(p.range) at \(p.site) overlaps \(l.range) at \(l.site): a practitioner is at one site at a time")
                    }
                    if latest.map({ p.range.end > $0.range.end }) ?? true { latest = p }
                }
            }
            // Appointment types.
            var types: [AppointmentType] = []
            var typeIDs = Set<String>()
            for (k, t) in (raw.appointmentTypes ?? []).enumerated() {
                let p = "\(base).appointmentTypes[\(k)]"
                if !typeIDs.insert(t.id).inserted { issue("\(p).id", "duplicate appointment type \"\(t.id)\"") }
                if t.minutes <= 0 || t.minutes > 24 * 60 { issue("\(p).minutes", "must be between 1 and 1440") }
                if let c = t.capacity, c < 1 { issue("\(p).capacity", "must be at least 1") }
                let audience = AppointmentType.Audience(rawValue: t.audience ?? "all")
                if audience == nil { issue("\(p).audience", "expected new, existing or all, got \"\(t.audience ?? "")\"") }
                var roles: [Role]?
                if let names = t.bookableBy {
                    roles = []
                    for (r, name) in names.enumerated() {
                        if let role = Role(rawValue: name) {
                            roles?.append(role)
                        } else {
                            issue("\(p).bookableBy[\(r)]", "unknown role \"\(name)\"; known: \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
                        }
                    }
                }
                if let h = t.releaseHoursBefore, h < 0 { issue("\(p).releaseHoursBefore", "must not be negative") }
                if let m = t.minNoticeMinutes, m < 0 { issue("\(p).minNoticeMinutes", "must not be negative") }
                if let d = t.horizonDays, d < 1 { issue("\(p).horizonDays", "must be at least 1") }
                if let b = t.bufferMinutes, b < 0 { issue("\(p).bufferMinutes", "must not be negative") }
                if t.minutes + max(0, t.bufferMinutes ?? 0) > 24 * 60 {
                    issue("\(p).bufferMinutes", "minutes + bufferMinutes must not exceed 1440: an appointment blocks at most a day")
                }
                if let s = t.stepMinutes, s < 1 { issue("\(p).stepMinutes", "must be at least 1") }
                let buffer = max(0, t.bufferMinutes ?? 0)
                types.append(
                    AppointmentType(
                        id: t.id, label: t.label ?? t.id, minutes: max(1, t.minutes), capacity: max(1, t.capacity ?? 1),
                        audience: audience ?? .all, bookableBy: roles, releaseHoursBefore: t.releaseHoursBefore,
                        minNoticeMinutes: max(0, t.minNoticeMinutes ?? 0), horizonDays: max(1, t.horizonDays ?? AppointmentType.defaultHorizonDays),
                        bufferMinutes: buffer, stepMinutes: max(1, t.stepMinutes ?? (max(1, t.minutes) + buffer)), mode: t.mode ?? "cabinet"))
            }
            // Reserved blocks.
            var blocks: [ReservedBlock] = []
            for (k, b) in (raw.reservedBlocks ?? []).enumerated() {
                let p = "\(base).reservedBlocks[\(k)]"
                if schedule[b.site] == nil {
                    issue("\(p).site", siteIDs.contains(b.site) ? "\"\(b.site)\" is not in this practitioner's schedule" : "unknown site \"\(b.site)\"")
                }
                var days = Set<Weekday>()
                for (d, name) in b.days.enumerated() {
                    if let day = Weekday(rawValue: name) { days.insert(day) } else { issue("\(p).days[\(d)]", "unknown weekday \"\(name)\"") }
                }
                let range = parseRanges([.string(b.time)], path: "\(p).time")
                for (t, type) in b.types.enumerated() where !typeIDs.contains(type) {
                    issue("\(p).types[\(t)]", "unknown appointment type \"\(type)\" for \(raw.id)")
                }
                if let time = range.first { blocks.append(ReservedBlock(siteId: b.site, days: days, time: time, types: Set(b.types))) }
            }
            // Dated exceptions.
            var exceptions: [ScheduleException] = []
            for (k, e) in (raw.exceptions ?? []).enumerated() {
                let p = "\(base).exceptions[\(k)]"
                guard let date = LocalDate(e.date) else {
                    issue("\(p).date", "expected a real date YYYY-MM-DD, got \"\(e.date)\"")
                    continue
                }
                if let s = e.site, schedule[s] == nil {
                    issue("\(p).site", siteIDs.contains(s) ? "\"\(s)\" is not in this practitioner's schedule" : "unknown site \"\(s)\"")
                }
                let closed = e.closed ?? false
                if closed && !(e.ranges ?? []).isEmpty { issue("\(p).ranges", "a closed day has no ranges") }
                if !closed && e.ranges == nil { issue(p, "give either ranges or closed: true") }
                if e.site == nil && !closed && schedule.count > 1 { issue("\(p).site", "required when the practitioner works at several sites") }
                let ranges = closed ? [] : parseRanges((e.ranges ?? []).map { .string($0) }, path: "\(p).ranges")
                exceptions.append(ScheduleException(date: date, siteId: e.site ?? (closed ? nil : schedule.keys.first), ranges: ranges))
            }
            result.append(
                PractitionerAgenda(
                    id: raw.id, name: raw.name, specialty: raw.specialty ?? "", acceptsNewPatients: raw.acceptsNewPatients ?? true,
                    schedule: schedule, types: types, reservedBlocks: blocks, exceptions: exceptions, siteIds: siteOrder))
        }
        guard issues.count == before else { return nil }
        self.init(practitioners: result)
    }
}
