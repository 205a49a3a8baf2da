import Foundation

/// Erlang A (M/M/N+M): Erlang C with impatient callers. Each waiting caller hangs up after an
/// exponential patience of mean `P` seconds, i.e. at rate `θ = 1/P`.
///
/// Computed exactly from the birth–death chain on `n` callers in the system: birth rate
/// `λ = A/AHT`, death rate `min(n, N)·μ + max(n − N, 0)·θ` with `μ = 1/AHT`. The stationary
/// probabilities `πₙ ∝ Πₖ₌₁ⁿ λ / (min(k, N)μ + max(k − N, 0)θ)` are accumulated in log-space and
/// normalised with the largest term, and the chain is cut once `n > N`, the terms decrease and
/// `πₙ < 10⁻¹⁶ · max π`.
///
/// By PASTA an arrival finds `n` callers with probability `πₙ`; if `n = N + j` it waits with `j`
/// callers ahead. From position `i` it moves forward at rate `Nμ + iθ` (a service or an
/// abandonment ahead) and abandons at rate `θ`, so the total rate is `νᵢ = Nμ + (i+1)θ` and
/// - `P(served | j) = Πᵢ₌₀ʲ (Nμ + iθ)/νᵢ`, and given service the wait is `Σᵢ₌₀ʲ Exp(νᵢ)`;
/// - probability of waiting `= Σ_{n ≥ N} πₙ`; probability of abandonment `= 1 − P(served)`;
/// - ASA (answered calls) `= Σⱼ π_{N+j} P(served | j) Σᵢ₌₀ʲ 1/νᵢ ÷ P(served)`;
/// - service level within `T` = share of **all** arrivals answered within `T` (abandons count
///   against): `P(n < N) + Σⱼ π_{N+j} P(served by T | j)`, the last term computed exactly by
///   uniformization of the tagged caller's chain (Poisson weights in log-space, tail < 10⁻¹⁴);
/// - occupancy `= A · (1 − P(abandon)) / N` (carried traffic per agent).
package struct ErlangA: Sendable, Hashable {
    package let agents: Int
    package let trafficErlangs: Double
    package let averageHandleTimeSeconds: Double
    /// Mean patience `P` in seconds (`θ = 1/P`).
    package let patienceSeconds: Double
    package let probabilityOfWaiting: Double
    package let probabilityOfAbandonment: Double
    /// Mean wait of the answered callers, seconds (0 when nobody is answered).
    package let averageSpeedOfAnswerSeconds: Double
    /// Mean time in queue over all callers (answered or not), seconds: `E[queue] / λ`.
    package let averageWaitSeconds: Double
    package let occupancy: Double
    /// `π_{N+j}`: probability an arrival finds `j` callers waiting ahead, `j = 0…J`.
    private let queueStates: [Double]

    package init(agents: Int, trafficErlangs: Double, averageHandleTimeSeconds: Double, patienceSeconds: Double) {
        precondition(agents >= 0 && trafficErlangs >= 0 && trafficErlangs.isFinite)
        precondition(averageHandleTimeSeconds > 0 && patienceSeconds > 0 && patienceSeconds.isFinite)
        self.agents = agents
        self.trafficErlangs = trafficErlangs
        self.averageHandleTimeSeconds = averageHandleTimeSeconds
        self.patienceSeconds = patienceSeconds
        // Time in units of AHT: μ = 1, λ = A, θ = r.
        let a = trafficErlangs
        let n = Double(agents)
        let r = averageHandleTimeSeconds / patienceSeconds
        var logQ: [Double] = [0]
        if a > 0 {
            var k = 1
            var logMax = 0.0
            let logA = log(a)
            let cut = log(1e-16)
            while true {
                let death = Double(min(k, agents)) + Double(max(k - agents, 0)) * r
                let next = logQ[k - 1] + logA - log(death)
                logQ.append(next)
                logMax = max(logMax, next)
                if k > agents && a < death && next - logMax < cut { break }
                k += 1
            }
        }
        let logMax = logQ.max()!
        let weights = logQ.map { exp($0 - logMax) }
        let total = weights.reduce(0, +)
        let pi = weights.map { $0 / total }

        let noWait = agents == 0 ? 0 : pi.prefix(agents).reduce(0, +)
        let queue = Array(pi.dropFirst(agents))
        var served = noWait
        var servedWait = 0.0
        var meanQueue = 0.0
        var pServed = 1.0
        var meanTime = 0.0
        for (j, p) in queue.enumerated() {
            let nu = n + Double(j + 1) * r
            pServed *= (n + Double(j) * r) / nu
            meanTime += 1 / nu
            served += p * pServed
            servedWait += p * pServed * meanTime
            meanQueue += Double(j) * p
        }
        queueStates = queue
        probabilityOfWaiting = min(1, queue.reduce(0, +))
        probabilityOfAbandonment = min(1, max(0, 1 - served))
        averageSpeedOfAnswerSeconds = served > 0 ? servedWait / served * averageHandleTimeSeconds : 0
        averageWaitSeconds = a > 0 ? meanQueue / a * averageHandleTimeSeconds : 0
        occupancy = agents == 0 ? 0 : min(1, a * (1 - probabilityOfAbandonment) / n)
    }

    /// Share of all arrivals answered within `seconds` (see the type's documentation).
    package func serviceLevel(withinSeconds seconds: Double) -> Double {
        precondition(seconds >= 0)
        let noWait = 1 - queueStates.reduce(0, +)
        guard agents > 0, !queueStates.isEmpty else { return agents > 0 ? 1 : 0 }
        let n = Double(agents)
        let r = averageHandleTimeSeconds / patienceSeconds
        let t = seconds / averageHandleTimeSeconds
        let last = queueStates.count - 1
        let lambda = n + Double(last + 1) * r // largest total rate: uniformization rate
        let x = lambda * t
        var p = queueStates
        var servedSoFar = 0.0
        var result = 0.0
        var weightSum = 0.0
        let maxJumps = Int((x + 12 * x.squareRoot() + 30).rounded(.up))
        for m in 0...maxJumps {
            let w = x == 0 ? (m == 0 ? 1 : 0) : exp(-x + Double(m) * log(x) - lgamma(Double(m) + 1))
            result += w * servedSoFar
            weightSum += w
            if weightSum > 1 - 1e-14 && Double(m) > x { break }
            // One uniformized jump of the tagged caller's chain.
            servedSoFar += p[0] * n / lambda
            for j in 0...last {
                let stay = 1 - (n + Double(j + 1) * r) / lambda
                let fromBehind = j < last ? p[j + 1] * (n + Double(j + 1) * r) / lambda : 0
                p[j] = p[j] * stay + fromBehind
            }
        }
        return min(1, max(0, noWait + result))
    }

    /// The smallest `N` that meets `target` (service level within T and occupancy), found by
    /// doubling then bisection (both measures are monotone in `N`). With short patience this
    /// can be fewer agents than the traffic `A`. Zero traffic needs 0 agents.
    package static func requiredAgents(
        trafficErlangs a: Double, averageHandleTimeSeconds aht: Double, patienceSeconds: Double, target: ServiceTarget
    ) -> Int {
        if a == 0 { return 0 }
        func meets(_ n: Int) -> Bool {
            let e = ErlangA(agents: n, trafficErlangs: a, averageHandleTimeSeconds: aht, patienceSeconds: patienceSeconds)
            return e.occupancy <= target.maxOccupancy * (1 + ServiceTarget.tolerance)
                && e.serviceLevel(withinSeconds: target.thresholdSeconds) >= target.serviceLevel
        }
        var hi = max(1, Int(a.rounded(.up)))
        var lo = 0 // invariant: lo fails (0 agents answer nobody), hi meets
        while !meets(hi) {
            lo = hi
            hi *= 2
        }
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if meets(mid) { hi = mid } else { lo = mid }
        }
        return hi
    }
}
