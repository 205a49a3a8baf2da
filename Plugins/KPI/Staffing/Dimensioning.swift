import GRDB

/// Dimensionnement check: agents required (scheduled agents of a ``Staffing/Plan``) against
/// agents actually scheduled, per interval, with under- and over-staffing flags.
///
/// `gap = scheduled − required`; an interval is understaffed when `gap < 0`, overstaffed when
/// `gap > overstaffTolerance`, covered otherwise. Intervals present on one side only count
/// 0 on the other.
package struct Dimensioning: Sendable, Hashable, Codable {
    package enum Status: String, Sendable, Hashable, Codable {
        case understaffed, covered, overstaffed
    }

    package struct Row: Sendable, Hashable, Codable {
        package var interval: IntervalKey
        package var required: Int
        package var scheduled: Int
        package var gap: Int { scheduled - required }
        package var status: Status
    }

    package let intervalMinutes: Int
    package let overstaffTolerance: Int
    /// One row per interval, in interval order.
    package let rows: [Row]

    package init(plan: Staffing.Plan, scheduled: [IntervalKey: Int], overstaffTolerance: Int = 0) {
        precondition(overstaffTolerance >= 0)
        self.intervalMinutes = plan.intervalMinutes
        self.overstaffTolerance = overstaffTolerance
        var required: [IntervalKey: Int] = [:]
        for r in plan.requirements { required[r.interval, default: 0] += r.scheduledAgents }
        let keys = Set(required.keys).union(scheduled.keys).sorted()
        rows = keys.map { key in
            let need = required[key] ?? 0
            let have = scheduled[key] ?? 0
            let status: Status = have < need ? .understaffed : have - need > overstaffTolerance ? .overstaffed : .covered
            return Row(interval: key, required: need, scheduled: have, status: status)
        }
    }

    package var understaffed: [Row] { rows.filter { $0.status == .understaffed } }
    package var overstaffed: [Row] { rows.filter { $0.status == .overstaffed } }
    /// Agent-hours missing over the understaffed intervals.
    package var missingAgentHours: Double { Double(rows.reduce(0) { $0 + max(0, -$1.gap) }) * Double(intervalMinutes) / 60 }
    /// Agent-hours scheduled beyond the requirement.
    package var surplusAgentHours: Double { Double(rows.reduce(0) { $0 + max(0, $1.gap) }) * Double(intervalMinutes) / 60 }
}
