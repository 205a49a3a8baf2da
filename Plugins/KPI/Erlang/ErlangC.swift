import Foundation

/// Erlang C (M/M/N): a queue with Poisson arrivals, exponential handling times, `N` agents
/// and callers who never hang up.
///
/// With offered traffic `A = λ · AHT` erlangs (AHT: average handle time, the DMT of the
/// practice) and `N` agents:
/// - Erlang B by the stable recursion `B(0) = 1`, `B(n) = A·B(n−1) / (n + A·B(n−1))`
///   (no factorials, no powers; stable to tens of thousands of agents);
/// - probability of waiting `C = N·B / (N − A·(1 − B))`;
/// - service level within `T`: `SL = 1 − C · e^{−(N − A)·T / AHT}`;
/// - average speed of answer `ASA = C · AHT / (N − A)`;
/// - occupancy `A / N`.
///
/// When `N ≤ A` the queue is unstable: `C = 1`, `SL = 0`, `ASA = +∞`, occupancy `1`.
package struct ErlangC: Sendable, Hashable {
    /// Number of agents taking calls, `N`.
    package let agents: Int
    /// Offered traffic `A` in erlangs.
    package let trafficErlangs: Double
    /// Average handle time in seconds.
    package let averageHandleTimeSeconds: Double
    /// Probability that a caller waits, `C(N, A)`.
    package let probabilityOfWaiting: Double

    package init(agents: Int, trafficErlangs: Double, averageHandleTimeSeconds: Double) {
        precondition(agents >= 0 && trafficErlangs >= 0 && averageHandleTimeSeconds > 0)
        self.agents = agents
        self.trafficErlangs = trafficErlangs
        self.averageHandleTimeSeconds = averageHandleTimeSeconds
        self.probabilityOfWaiting = Self.probabilityOfWaiting(agents: agents, trafficErlangs: trafficErlangs)
    }

    /// Offered traffic in erlangs: `A = calls · AHT / interval length`.
    package static func traffic(calls: Double, intervalSeconds: Double, averageHandleTimeSeconds: Double) -> Double {
        precondition(intervalSeconds > 0)
        return calls * averageHandleTimeSeconds / intervalSeconds
    }

    /// Erlang B blocking probability `B(N, A)` by the recursion above.
    package static func erlangB(agents: Int, trafficErlangs a: Double) -> Double {
        var b = 1.0
        if agents > 0 { for n in 1...agents { b = a * b / (Double(n) + a * b) } }
        return b
    }

    /// Erlang C from Erlang B: `C = N·B / (N − A·(1 − B))`, `1` when `N ≤ A`.
    package static func probabilityOfWaiting(agents: Int, trafficErlangs a: Double) -> Double {
        if a == 0 { return 0 }
        if Double(agents) <= a { return 1 }
        return erlangC(fromB: erlangB(agents: agents, trafficErlangs: a), agents: agents, trafficErlangs: a)
    }

    static func erlangC(fromB b: Double, agents: Int, trafficErlangs a: Double) -> Double {
        let n = Double(agents)
        return min(1, max(0, n * b / (n - a * (1 - b))))
    }

    /// Share of callers answered within `seconds`: `1 − C·e^{−(N−A)·T/AHT}`.
    package func serviceLevel(withinSeconds seconds: Double) -> Double {
        let n = Double(agents)
        if trafficErlangs == 0 { return 1 }
        if n <= trafficErlangs { return 0 }
        let sl = 1 - probabilityOfWaiting * exp(-(n - trafficErlangs) * seconds / averageHandleTimeSeconds)
        return min(1, max(0, sl))
    }

    /// Average speed of answer over all callers, seconds: `C · AHT / (N − A)`.
    package var averageSpeedOfAnswerSeconds: Double {
        let n = Double(agents)
        if trafficErlangs == 0 { return 0 }
        if n <= trafficErlangs { return .infinity }
        return probabilityOfWaiting * averageHandleTimeSeconds / (n - trafficErlangs)
    }

    /// Agent occupancy `A / N`, capped at 1.
    package var occupancy: Double {
        agents == 0 ? (trafficErlangs == 0 ? 0 : 1) : min(1, trafficErlangs / Double(agents))
    }

    /// The smallest `N` that meets `target`, searching upward from `⌊A⌋ + 1`
    /// (Erlang B is carried along incrementally, so the search is linear in `N`).
    /// Zero traffic needs 0 agents.
    package static func requiredAgents(
        trafficErlangs a: Double, averageHandleTimeSeconds aht: Double, target: ServiceTarget
    ) -> Int {
        precondition(a >= 0 && a.isFinite && aht > 0)
        if a == 0 { return 0 }
        var n = Int(a.rounded(.down)) + 1
        var b = erlangB(agents: n, trafficErlangs: a)
        while true {
            let c = erlangC(fromB: b, agents: n, trafficErlangs: a)
            let sl = 1 - c * exp(-(Double(n) - a) * target.thresholdSeconds / aht)
            if sl >= target.serviceLevel && a / Double(n) <= target.maxOccupancy * (1 + ServiceTarget.tolerance) { return n }
            n += 1
            b = a * b / (Double(n) + a * b)
        }
    }
}
