import Foundation
import Practice
import Testing

@testable import KPI

@Suite struct ErlangATests {
    /// Figures from the independent Python computation in `erlang_a_check.py`.
    struct Reference: Decodable { var pWait, pAbandon, serviceLevel, asa: Double }

    @Test(arguments: [(12, 10.0, 180.0, 60.0), (8, 10.0, 180.0, 30.0), (20, 15.0, 240.0, 120.0)])
    func matchesIndependentPythonComputation(agents: Int, traffic: Double, aht: Double, patience: Double) throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("erlang_a_check.py")
        let data = try PythonScript.run(
            script.path, ["\(agents)", "\(traffic)", "\(aht)", "\(patience)", "20"],
            needs: "numpy and scipy (pip install numpy scipy)")
        let ref = try JSONDecoder().decode(Reference.self, from: data)
        let e = ErlangA(agents: agents, trafficErlangs: traffic, averageHandleTimeSeconds: aht, patienceSeconds: patience)
        print(
            "ErlangA N=\(agents) A=\(traffic): Swift pWait \(e.probabilityOfWaiting) pAb \(e.probabilityOfAbandonment) SL \(e.serviceLevel(withinSeconds: 20)) ASA \(e.averageSpeedOfAnswerSeconds); Python \(ref)"
        )
        #expect(abs(e.probabilityOfWaiting - ref.pWait) < 1e-9)
        #expect(abs(e.probabilityOfAbandonment - ref.pAbandon) < 1e-9)
        #expect(abs(e.serviceLevel(withinSeconds: 20) - ref.serviceLevel) < 1e-7)
        #expect(abs(e.averageSpeedOfAnswerSeconds - ref.asa) < 1e-4)
    }

    @Test func abandonmentFlowBalances() {
        // θ·E[queue] = λ·P(abandon), i.e. P(abandon) = mean wait of all callers / patience.
        let e = ErlangA(agents: 11, trafficErlangs: 10, averageHandleTimeSeconds: 180, patienceSeconds: 90)
        #expect(abs(e.probabilityOfAbandonment - e.averageWaitSeconds / 90) < 1e-12)
    }

    @Test func longPatienceApproachesErlangC() {
        let a = ErlangA(agents: 14, trafficErlangs: 10, averageHandleTimeSeconds: 180, patienceSeconds: 1e7)
        let c = ErlangC(agents: 14, trafficErlangs: 10, averageHandleTimeSeconds: 180)
        #expect(abs(a.probabilityOfWaiting - c.probabilityOfWaiting) < 1e-4)
        #expect(abs(a.serviceLevel(withinSeconds: 20) - c.serviceLevel(withinSeconds: 20)) < 1e-4)
    }

    @Test func shortPatienceCanNeedFewerAgentsThanTraffic() {
        let target = ServiceTarget(serviceLevel: 0.5, thresholdSeconds: 20, maxOccupancy: 1)
        let n = ErlangA.requiredAgents(trafficErlangs: 10, averageHandleTimeSeconds: 180, patienceSeconds: 10, target: target)
        #expect(n < 10)
        let e = ErlangA(agents: n, trafficErlangs: 10, averageHandleTimeSeconds: 180, patienceSeconds: 10)
        #expect(e.serviceLevel(withinSeconds: 20) >= 0.5)
        let fewer = ErlangA(agents: n - 1, trafficErlangs: 10, averageHandleTimeSeconds: 180, patienceSeconds: 10)
        #expect(fewer.serviceLevel(withinSeconds: 20) < 0.5)
    }

    @Test func staffingAgreesWithErlangCWhenPatient() {
        let n = ErlangA.requiredAgents(trafficErlangs: 10, averageHandleTimeSeconds: 180, patienceSeconds: 1e7, target: ServiceTarget())
        #expect(n == 14)
        #expect(ErlangA.requiredAgents(trafficErlangs: 0, averageHandleTimeSeconds: 180, patienceSeconds: 60, target: ServiceTarget()) == 0)
    }

    @Test func largePoolIsStable() {
        let e = ErlangA(agents: 10_000, trafficErlangs: 9_900, averageHandleTimeSeconds: 180, patienceSeconds: 60)
        let sl = e.serviceLevel(withinSeconds: 20)
        #expect(sl.isFinite && (0...1).contains(sl))
        #expect(e.probabilityOfWaiting.isFinite && (0...1).contains(e.probabilityOfWaiting))
    }
}
