import Foundation
import Kernel
package import Practice

/// The `kpi` section of the configuration: how the call-centre figures are computed.
///
/// Every key is optional; the defaults are those of a French answering service (QS within 20 s,
/// 80 % target, 30-minute intervals, 35-hour contracts, 30 % shrinkage). Values are checked
/// when the plugin is built, so methods never see an impossible setting.
package struct KPISettings: Sendable, Codable, Hashable {
    /// QS threshold T, seconds.
    package var serviceLevelSeconds: Double = 20
    /// Target share of calls answered within T.
    package var serviceLevelTarget: Double = 0.8
    /// Which QS denominator `kpi.summary` and the report use by default.
    package var serviceLevelVariant: ServiceLevelVariant = .answeredWithinOverOffered
    /// Abandons at or under this wait are short abandons (caller hung up almost at once).
    package var shortAbandonSeconds: Double = 5
    /// A contact about the same subject by the same patient within this many days is a recontact.
    package var recontactDays: Int = 7
    /// Forecast and staffing interval, minutes (must divide a day).
    package var intervalMinutes: Int = 30
    /// ETP basis: hours of one full-time contract per week.
    package var contractHoursPerWeek: Double = 35
    /// Share of paid time not spent answering (breaks, training, absences).
    package var shrinkage: Double = 0.3
    /// Highest acceptable agent occupancy.
    package var maxOccupancy: Double = 0.85
    /// Patients under care per month: the denominator of the taux de contact (contact rate).
    package var patientsUnderCare: Int?
    /// Handling time used by staffing when the history has no answered call with a known talk time.
    package var defaultAhtSeconds: Double = 180
    /// Queue names (from imported call records) that belong to a site or a practitioner.
    package var queues: [String: QueueMapping] = [:]
    /// Agents planned per weekday and time range, compared with the requirement by the report.
    package var scheduledAgents: [ScheduledBlock] = []

    /// Where the calls of one telephony queue belong.
    package struct QueueMapping: Sendable, Codable, Hashable {
        package var site: String?
        package var practitioner: String?
    }

    /// `{days: [monday, tuesday], time: "08:00-12:30", agents: 4}`.
    package struct ScheduledBlock: Sendable, Codable, Hashable {
        package var days: [Weekday]
        package var time: LocalTimeRange
        package var agents: Int
    }

    package init() {}

    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = KPISettings()
        serviceLevelSeconds = try c.decodeIfPresent(Double.self, forKey: .serviceLevelSeconds) ?? d.serviceLevelSeconds
        serviceLevelTarget = try c.decodeIfPresent(Double.self, forKey: .serviceLevelTarget) ?? d.serviceLevelTarget
        serviceLevelVariant = try c.decodeIfPresent(ServiceLevelVariant.self, forKey: .serviceLevelVariant) ?? d.serviceLevelVariant
        shortAbandonSeconds = try c.decodeIfPresent(Double.self, forKey: .shortAbandonSeconds) ?? d.shortAbandonSeconds
        recontactDays = try c.decodeIfPresent(Int.self, forKey: .recontactDays) ?? d.recontactDays
        intervalMinutes = try c.decodeIfPresent(Int.self, forKey: .intervalMinutes) ?? d.intervalMinutes
        contractHoursPerWeek = try c.decodeIfPresent(Double.self, forKey: .contractHoursPerWeek) ?? d.contractHoursPerWeek
        shrinkage = try c.decodeIfPresent(Double.self, forKey: .shrinkage) ?? d.shrinkage
        maxOccupancy = try c.decodeIfPresent(Double.self, forKey: .maxOccupancy) ?? d.maxOccupancy
        patientsUnderCare = try c.decodeIfPresent(Int.self, forKey: .patientsUnderCare)
        defaultAhtSeconds = try c.decodeIfPresent(Double.self, forKey: .defaultAhtSeconds) ?? d.defaultAhtSeconds
        queues = try c.decodeIfPresent([String: QueueMapping].self, forKey: .queues) ?? [:]
        scheduledAgents = try c.decodeIfPresent([ScheduledBlock].self, forKey: .scheduledAgents) ?? []
    }

    /// Every rule the values must follow, as (key, message) pairs; empty when the settings are usable.
    package func problems(directory: PracticeDirectory?) -> [(String, String)] {
        var p: [(String, String)] = []
        if !(serviceLevelSeconds >= 0 && serviceLevelSeconds <= 3600) { p.append(("serviceLevelSeconds", "must be between 0 and 3600 seconds")) }
        if !(serviceLevelTarget > 0 && serviceLevelTarget < 1) { p.append(("serviceLevelTarget", "must be strictly between 0 and 1")) }
        if !(shortAbandonSeconds >= 0 && shortAbandonSeconds <= 3600) { p.append(("shortAbandonSeconds", "must be between 0 and 3600 seconds")) }
        if !(1...365).contains(recontactDays) { p.append(("recontactDays", "must be between 1 and 365 days")) }
        if !KPISettings.isValidInterval(intervalMinutes) { p.append(("intervalMinutes", "must divide a day and lie between 5 and 240 minutes")) }
        if !(contractHoursPerWeek > 0 && contractHoursPerWeek <= 168) { p.append(("contractHoursPerWeek", "must be between 0 (excluded) and 168 hours")) }
        if !(shrinkage >= 0 && shrinkage <= 0.95) { p.append(("shrinkage", "must be between 0 and 0.95")) }
        if !(maxOccupancy >= 0.05 && maxOccupancy <= 1) { p.append(("maxOccupancy", "must be between 0.05 and 1")) }
        if let n = patientsUnderCare, n <= 0 { p.append(("patientsUnderCare", "must be a positive number of patients")) }
        if !(defaultAhtSeconds >= 1 && defaultAhtSeconds <= 86_400) { p.append(("defaultAhtSeconds", "must be a positive number of seconds")) }
        for (i, b) in scheduledAgents.enumerated() where b.agents < 0 || b.agents > 100_000 {
            p.append(("scheduledAgents[\(i)].agents", "must be between 0 and 100000"))
        }
        if let directory {
            let sites = Set(directory.sites.map(\.id))
            let practitioners = Set(directory.practitioners.map(\.id))
            for (queue, m) in queues.sorted(by: { $0.key < $1.key }) {
                if let s = m.site, !sites.contains(s) { p.append(("queues.\(queue).site", "unknown site \(s)")) }
                if let s = m.practitioner, !practitioners.contains(s) { p.append(("queues.\(queue).practitioner", "unknown practitioner \(s)")) }
            }
        }
        return p
    }

    /// An interval length the forecaster and staffing accept: 5…240 minutes, dividing 1,440.
    package static func isValidInterval(_ minutes: Int) -> Bool { (5...240).contains(minutes) && 1440 % minutes == 0 }

    /// Agents scheduled in the interval starting at `minuteOfDay` on `weekday` (the sum of the blocks covering it).
    package func scheduled(on weekday: Weekday, minuteOfDay: Int) -> Int {
        scheduledAgents.reduce(0) { sum, b in
            b.days.contains(weekday) && b.time.start.minutesSinceMidnight <= minuteOfDay && minuteOfDay < b.time.end.minutesSinceMidnight
                ? sum + b.agents : sum
        }
    }
}
