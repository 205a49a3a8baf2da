package import Foundation
import JSONRPC
package import Kernel

/// The practice's setup, validated, with a business calendar per site: what every module asks about.
///
/// Built once from the configuration; immutable and shared. Unknown site or practitioner ids are
/// answered with -32022 naming the field, through `site(_:field:)` and `practitioner(_:field:)`.
package struct PracticeDirectory: Sendable {
    package let profile: PracticeProfile
    /// The practice's id (`practice.id`, or `default`): services built from the directory act for it.
    package var practiceId: String { profile.practiceId }
    package let sites: [Site]
    package let practitioners: [Practitioner]
    package let timeZone: TimeZone
    /// The phone-line calendar of each site (weekly hours, holidays, closures of the whole practice or the site).
    package let calendars: [String: BusinessCalendar]

    /// Reads and validates `practice`, `sites` and `practitioners`; every problem is appended to `issues`.
    package init?(configuration: ConfigurationDocument, issues: inout [ConfigurationIssue]) {
        let before = issues.count
        guard var profile = configuration.decode(PracticeProfile.self, at: "practice", issues: &issues) else { return nil }
        if let id = profile.id, !PracticeHosts.isPracticeId(id) {
            issues.append(
                configuration.issue(
                    "practice.id", "\"\(id)\" is not a practice id: lower-case letters, digits and dashes, 1 to 63, starting with a letter or digit"))
        }
        var numbers = Set<String>()
        for (i, number) in (profile.numbers ?? []).enumerated() {
            do {
                let e164 = try PhoneNumber(number).e164
                profile.numbers?[i] = e164
                if !numbers.insert(e164).inserted { issues.append(configuration.issue("practice.numbers[\(i)]", "\(e164) is listed twice")) }
            } catch {
                issues.append(configuration.issue("practice.numbers[\(i)]", "\(error)"))
            }
        }
        let sites = configuration.decode([Site].self, at: "sites", issues: &issues) ?? []
        var practitioners = configuration.decode([Practitioner].self, at: "practitioners", default: [], issues: &issues) ?? []
        let zoneName = profile.timezone ?? "Europe/Paris"
        guard let zone = TimeZone(identifier: zoneName) else {
            issues.append(configuration.issue("practice.timezone", "unknown IANA time zone \"\(zoneName)\""))
            return nil
        }
        if sites.isEmpty { issues.append(configuration.issue("sites", "at least one site is required")) }
        var seen = Set<String>()
        for (i, s) in sites.enumerated() where !seen.insert(s.id).inserted {
            issues.append(configuration.issue("sites[\(i)].id", "duplicate site id \"\(s.id)\""))
        }
        let siteIDs = seen
        // Sites each practitioner works at come from the keys of their schedule.
        var practitionerIDs = Set<String>()
        for i in practitioners.indices {
            if !practitionerIDs.insert(practitioners[i].id).inserted {
                issues.append(configuration.issue("practitioners[\(i)].id", "duplicate practitioner id \"\(practitioners[i].id)\""))
            }
            if let schedule = configuration.value(at: "practitioners[\(i)].schedule")?.objectValue {
                practitioners[i].sites = schedule.keys
                for key in schedule.keys where !siteIDs.contains(key) {
                    issues.append(configuration.issue("practitioners[\(i)].schedule.\(key)", "unknown site \"\(key)\""))
                }
            }
            if let mobile = practitioners[i].mobile {
                do { practitioners[i].mobile = try PhoneNumber(mobile).e164 } catch {
                    issues.append(configuration.issue("practitioners[\(i)].mobile", "\(error)"))
                }
            }
        }
        for (i, c) in (profile.closures ?? []).enumerated() {
            if c.to < c.from { issues.append(configuration.issue("practice.closures[\(i)].to", "ends before it starts")) }
            if let s = c.site, !siteIDs.contains(s) { issues.append(configuration.issue("practice.closures[\(i)].site", "unknown site \"\(s)\"")) }
        }
        var openingKeys = Set<String>()
        for (i, o) in (profile.exceptionalOpenings ?? []).enumerated() {
            if let s = o.site, !siteIDs.contains(s) {
                issues.append(configuration.issue("practice.exceptionalOpenings[\(i)].site", "unknown site \"\(s)\""))
            }
            if !openingKeys.insert("\(o.date)|\(o.site ?? "*")").inserted {
                issues.append(configuration.issue("practice.exceptionalOpenings[\(i)].date", "\(o.date) is listed twice"))
            }
        }
        guard issues.count == before else { return nil }
        var calendars: [String: BusinessCalendar] = [:]
        for site in sites {
            let closures = (profile.closures ?? []).filter { $0.site == nil || $0.site == site.id }
                .map { PracticeClosure(from: $0.from, to: $0.to, reason: $0.reason) }
            // A site's own entry wins over the whole practice's for the same date.
            var openings: [LocalDate: [LocalTimeRange]] = [:]
            for o in profile.exceptionalOpenings ?? [] where o.site == nil { openings[o.date] = o.ranges }
            for o in profile.exceptionalOpenings ?? [] where o.site == site.id { openings[o.date] = o.ranges }
            calendars[site.id] = BusinessCalendar(
                timeZone: zone, weekly: site.phoneHours ?? [:],
                holidays: profile.holidays ?? .france, closures: closures,
                exceptionalOpenings: openings)
        }
        self.profile = profile
        self.sites = sites
        self.practitioners = practitioners
        self.timeZone = zone
        self.calendars = calendars
    }

    /// The first site: the one used when a caller names none.
    package var mainSite: Site { sites[0] }

    /// The site with this id, or -32022 naming `field`.
    package func site(_ id: String?, field: String = "siteId") throws -> Site {
        guard let id else { return mainSite }
        guard let s = sites.first(where: { $0.id == id }) else {
            throw RPCError.unprocessable(field: field, "unknown site \"\(id)\"; known: \(sites.map(\.id).joined(separator: ", "))")
        }
        return s
    }

    /// The calendar of a site (the main site when `id` is nil), or -32022 naming `field`.
    package func calendar(for id: String?, field: String = "siteId") throws -> BusinessCalendar {
        calendars[try site(id, field: field).id]!
    }

    /// The practitioner with this id, or -32022 naming `field`.
    package func practitioner(_ id: String, field: String = "practitionerId") throws -> Practitioner {
        guard let p = practitioners.first(where: { $0.id == id }) else {
            throw RPCError.unprocessable(field: field, "unknown practitioner \"\(id)\"")
        }
        return p
    }

    /// The local date of an instant in the practice's zone.
    package func localDate(_ instant: Date) -> LocalDate { LocalDate(instant, in: timeZone) }
}
