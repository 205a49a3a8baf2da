/// The pooling gain (gain de mutualisation): the agents one queue answering a pool of practices
/// needs, beside the agents each practice would need answering its own calls on its own queue.
///
/// Per interval `i`, with `λₚ(i)` the calls of practice `p`: pooled agents `N(i) = N*(Σₚ λₚ(i))`,
/// separate agents `S(i) = Σₚ N*(λₚ(i))`, gain `G(i) = S(i) − N(i)` (≥ 0 under Erlang C), where
/// `N*` is the smallest staffing meeting the target (``Staffing/requirement(for:)``, same AHT,
/// target and model for every queue). The same sums with shrinkage give the agents to schedule;
/// agent-hours and ETP follow as in ``Staffing/Plan``, both sides over the pooled plan's days.
package struct PoolingGain: Sendable, Hashable {
    /// One interval of the comparison.
    package struct Interval: Sendable, Hashable {
        package var interval: IntervalKey
        /// Calls of the pool (every practice's summed).
        package var calls: Double
        /// Agents the pooled queue needs (`N`).
        package var agents: Int
        /// Agents the separate queues need together (`S`).
        package var separateAgents: Int
        package var agentsWithShrinkage: Int
        package var separateAgentsWithShrinkage: Int
        /// `S − N`.
        package var gain: Int { separateAgents - agents }
        /// `S − N` with shrinkage.
        package var gainWithShrinkage: Int { separateAgentsWithShrinkage - agentsWithShrinkage }
    }

    /// The pooled queue's plan, on the summed volumes.
    package let pooled: Staffing.Plan
    /// Every interval of the pooled plan, in order.
    package let intervals: [Interval]

    /// Compares a pooled queue with one queue per practice; `volumesByPractice` holds each
    /// practice's volumes (an interval a practice lacks counts 0 calls for it).
    package init(staffing: Staffing, volumesByPractice: [[Staffing.Volume]]) {
        var calls: [IntervalKey: Double] = [:]
        var raw: [IntervalKey: Int] = [:]
        var scheduled: [IntervalKey: Int] = [:]
        for volumes in volumesByPractice {
            for r in staffing.plan(volumes).requirements {
                calls[r.interval, default: 0] += r.calls
                raw[r.interval, default: 0] += r.rawAgents
                scheduled[r.interval, default: 0] += r.scheduledAgents
            }
        }
        pooled = staffing.plan(calls.map { Staffing.Volume(interval: $0.key, calls: $0.value) })
        intervals = pooled.requirements.map {
            Interval(
                interval: $0.interval, calls: $0.calls, agents: $0.rawAgents, separateAgents: raw[$0.interval] ?? 0,
                agentsWithShrinkage: $0.scheduledAgents, separateAgentsWithShrinkage: scheduled[$0.interval] ?? 0)
        }
    }

    /// Σ separate raw agents · interval hours.
    package var separateRawAgentHours: Double { Double(intervals.reduce(0) { $0 + $1.separateAgents }) * Double(pooled.intervalMinutes) / 60 }
    /// Σ separate scheduled agents · interval hours.
    package var separateScheduledAgentHours: Double {
        Double(intervals.reduce(0) { $0 + $1.separateAgentsWithShrinkage }) * Double(pooled.intervalMinutes) / 60
    }

    /// ETP of the separate queues' scheduled hours over the pooled plan's days.
    package func separateFullTimeEquivalents(contractHoursPerWeek: Double = 35) -> Double {
        Staffing.fullTimeEquivalents(hours: separateScheduledAgentHours, periodDays: pooled.periodDays, contractHoursPerWeek: contractHoursPerWeek)
    }
}
