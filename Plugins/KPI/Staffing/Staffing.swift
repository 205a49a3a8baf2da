import Practice

/// Staffing (dimensionnement: computing the staff needed per interval for a service target).
///
/// For each interval with `calls` expected: traffic `A = calls · AHT / (intervalMinutes · 60)`,
/// raw agents = the smallest `N` meeting ``target`` under ``model``, scheduled agents =
/// `⌈raw / (1 − shrinkage)⌉` (exact, see ``Shrinkage``), and agent-hours = agents ·
/// intervalMinutes / 60.
package struct Staffing: Sendable, Hashable {
    /// Expected calls in one interval.
    package struct Volume: Sendable, Hashable, Codable {
        package var interval: IntervalKey
        package var calls: Double
        package init(interval: IntervalKey, calls: Double) {
            self.interval = interval
            self.calls = calls
        }
    }

    /// What one interval needs.
    package struct Requirement: Sendable, Hashable, Codable {
        package var interval: IntervalKey
        package var calls: Double
        package var trafficErlangs: Double
        /// Agents on the phones needed to meet the target.
        package var rawAgents: Int
        /// Agents to schedule once shrinkage is accounted for.
        package var scheduledAgents: Int
        /// Service level within T achieved by `rawAgents` (1 when there are no calls).
        package var serviceLevel: Double
        /// Occupancy of `rawAgents` (0 when there are no calls).
        package var occupancy: Double
    }

    /// Requirements of a period.
    package struct Plan: Sendable, Hashable, Codable {
        package var intervalMinutes: Int
        package var requirements: [Requirement]
        /// Days the plan covers: first to last interval date, inclusive (0 when empty).
        package var periodDays: Int

        /// Σ raw agents · interval hours.
        package var rawAgentHours: Double { Double(requirements.reduce(0) { $0 + $1.rawAgents }) * Double(intervalMinutes) / 60 }
        /// Σ scheduled agents · interval hours.
        package var scheduledAgentHours: Double { Double(requirements.reduce(0) { $0 + $1.scheduledAgents }) * Double(intervalMinutes) / 60 }

        /// ETP of the scheduled hours over the period (see ``Staffing/fullTimeEquivalents(hours:periodDays:contractHoursPerWeek:)``).
        package func fullTimeEquivalents(contractHoursPerWeek: Double = 35) -> Double {
            Staffing.fullTimeEquivalents(hours: scheduledAgentHours, periodDays: periodDays, contractHoursPerWeek: contractHoursPerWeek)
        }
    }

    package var intervalMinutes: Int
    /// AHT in seconds: talk plus after-call work (DMT).
    package var averageHandleTimeSeconds: Double
    package var target: ServiceTarget
    package var shrinkage: Shrinkage
    package var model: QueueModel

    package init(
        intervalMinutes: Int = 30, averageHandleTimeSeconds: Double, target: ServiceTarget = ServiceTarget(),
        shrinkage: Shrinkage = Shrinkage(0.3), model: QueueModel = .erlangC
    ) {
        precondition(intervalMinutes > 0 && 1440 % intervalMinutes == 0, "intervalMinutes must divide a day")
        precondition(averageHandleTimeSeconds > 0)
        self.intervalMinutes = intervalMinutes
        self.averageHandleTimeSeconds = averageHandleTimeSeconds
        self.target = target
        self.shrinkage = shrinkage
        self.model = model
    }

    /// The requirement of one interval.
    package func requirement(for volume: Volume) -> Requirement {
        precondition(volume.calls >= 0 && volume.calls.isFinite)
        let a = ErlangC.traffic(calls: volume.calls, intervalSeconds: Double(intervalMinutes * 60), averageHandleTimeSeconds: averageHandleTimeSeconds)
        let raw: Int
        let sl: Double
        let occupancy: Double
        switch model {
        case .erlangC:
            raw = ErlangC.requiredAgents(trafficErlangs: a, averageHandleTimeSeconds: averageHandleTimeSeconds, target: target)
            let e = ErlangC(agents: raw, trafficErlangs: a, averageHandleTimeSeconds: averageHandleTimeSeconds)
            (sl, occupancy) = (e.serviceLevel(withinSeconds: target.thresholdSeconds), e.occupancy)
        case .erlangA(let patience):
            raw = ErlangA.requiredAgents(trafficErlangs: a, averageHandleTimeSeconds: averageHandleTimeSeconds, patienceSeconds: patience, target: target)
            if raw == 0 {
                (sl, occupancy) = (1, 0)
            } else {
                let e = ErlangA(agents: raw, trafficErlangs: a, averageHandleTimeSeconds: averageHandleTimeSeconds, patienceSeconds: patience)
                (sl, occupancy) = (e.serviceLevel(withinSeconds: target.thresholdSeconds), e.occupancy)
            }
        }
        return Requirement(
            interval: volume.interval, calls: volume.calls, trafficErlangs: a, rawAgents: raw,
            scheduledAgents: shrinkage.scheduledAgents(forAvailable: raw), serviceLevel: sl, occupancy: occupancy)
    }

    /// Requirements of every interval, in interval order.
    package func plan(_ volumes: [Volume]) -> Plan {
        let requirements = volumes.sorted { $0.interval < $1.interval }.map(requirement(for:))
        let days = requirements.isEmpty ? 0 : requirements.first!.interval.date.days(until: requirements.last!.interval.date) + 1
        return Plan(intervalMinutes: intervalMinutes, requirements: requirements, periodDays: days)
    }

    /// ETP (équivalent temps plein, full-time equivalents): hours ÷ the hours one full-time
    /// contract provides over the period, `contractHoursPerWeek · periodDays / 7`
    /// (35 h/week by default, the French legal week). 0 for an empty period.
    package static func fullTimeEquivalents(hours: Double, periodDays: Int, contractHoursPerWeek: Double = 35) -> Double {
        precondition(contractHoursPerWeek > 0 && periodDays >= 0)
        return periodDays == 0 ? 0 : hours / (contractHoursPerWeek * Double(periodDays) / 7)
    }
}
