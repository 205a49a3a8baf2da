import Practice
import Testing

@testable import KPI

@Suite struct ErlangCTests {
    @Test func probabilityOfWaitingElevenAgentsTenErlangs() {
        let c = ErlangC.probabilityOfWaiting(agents: 11, trafficErlangs: 10)
        #expect((c * 10_000).rounded() / 10_000 == 0.6821)
    }

    @Test func hundredCallsPerHalfHour() {
        let a = ErlangC.traffic(calls: 100, intervalSeconds: 1800, averageHandleTimeSeconds: 180)
        #expect(a == 10)
        let target = ServiceTarget(serviceLevel: 0.8, thresholdSeconds: 20, maxOccupancy: 0.85)
        let raw = ErlangC.requiredAgents(trafficErlangs: a, averageHandleTimeSeconds: 180, target: target)
        #expect(raw == 14)
        #expect(Shrinkage(0.3).scheduledAgents(forAvailable: raw) == 20)
        let sl = ErlangC(agents: raw, trafficErlangs: a, averageHandleTimeSeconds: 180).serviceLevel(withinSeconds: 20)
        #expect((sl * 1000).rounded() / 1000 == 0.888)
    }

    @Test func tenThousandAgentsStaysFinite() {
        let e = ErlangC(agents: 10_000, trafficErlangs: 9_900, averageHandleTimeSeconds: 180)
        #expect(e.probabilityOfWaiting.isFinite)
        #expect((0...1).contains(e.probabilityOfWaiting))
        let sl = e.serviceLevel(withinSeconds: 20)
        #expect(sl.isFinite && (0...1).contains(sl))
        // At 85 % maximum occupancy the occupancy bound binds: ⌈9 900 / 0.85⌉ = 11 648.
        #expect(ErlangC.requiredAgents(trafficErlangs: 9_900, averageHandleTimeSeconds: 180, target: ServiceTarget()) == 11_648)
        // Without it, large pools are efficient: a few dozen agents above the traffic suffice.
        let n = ErlangC.requiredAgents(
            trafficErlangs: 9_900, averageHandleTimeSeconds: 180,
            target: ServiceTarget(serviceLevel: 0.8, thresholdSeconds: 20, maxOccupancy: 1))
        #expect(n > 9_900 && n < 10_000)
    }

    @Test func zeroVolumeNeedsNoAgents() {
        #expect(ErlangC.requiredAgents(trafficErlangs: 0, averageHandleTimeSeconds: 180, target: ServiceTarget()) == 0)
    }

    @Test func unstableQueue() {
        let e = ErlangC(agents: 10, trafficErlangs: 10, averageHandleTimeSeconds: 180)
        #expect(e.probabilityOfWaiting == 1)
        #expect(e.serviceLevel(withinSeconds: 20) == 0)
        #expect(e.averageSpeedOfAnswerSeconds == .infinity)
    }

    @Test(arguments: [(21, 3000, 30), (14, 3000, 20), (0, 3000, 0), (10, 0, 10), (7, 3000, 10), (1, 9999, 10_000), (17, 1500, 20)])
    func shrinkageIsExact(raw: Int, basisPoints: Int, expected: Int) {
        #expect(Shrinkage(basisPoints: basisPoints).scheduledAgents(forAvailable: raw) == expected)
    }

    @Test(arguments: [0.3, 0.25, 0.35, 0.1])
    func shrinkageFromFractionRoundsToBasisPoints(fraction: Double) {
        let s = Shrinkage(fraction)
        // For every raw count the exact answer is the least n with n·(1 − s) ≥ raw.
        for raw in 0...200 {
            let n = s.scheduledAgents(forAvailable: raw)
            #expect(n * (10_000 - s.basisPoints) >= raw * 10_000)
            #expect(n == 0 || (n - 1) * (10_000 - s.basisPoints) < raw * 10_000)
        }
    }
}
