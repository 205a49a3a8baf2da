import Foundation
import JSONRPC
import Kernel
import Practice
import Testing

@testable import KPI

/// The Erlang checks and input validation, through `kpi.erlang` as a client calls it.
@Suite struct KPIErlangMethodTests {
    @Test func erlangCOfElevenAgentsAtTenErlangs() {
        #expect(abs(ErlangC.probabilityOfWaiting(agents: 11, trafficErlangs: 10) - 0.6821) < 0.00005)
    }

    @Test func referenceStaffingThroughRPC() async throws {
        let h = try await KPIHarness()
        let r = try await h.ok(
            "kpi.erlang",
            [
                "model": "erlangC", "calls": 100, "intervalMinutes": 30, "ahtSeconds": 180,
                "targetServiceLevel": 0.8, "targetAnswerSeconds": 20, "maxOccupancy": 0.85, "shrinkage": 0.3
            ])
        #expect(r["agents"]?.intValue == 14)
        #expect(r["agentsWithShrinkage"]?.intValue == 20)
        #expect(abs((r["serviceLevel"]?.doubleValue ?? 0) - 0.888) < 0.0005)
        #expect(r["trafficErlangs"]?.doubleValue == 10)
        // Zero volume needs no agent.
        let c = try await h.ok("kpi.erlang", ["calls": 0, "intervalMinutes": 30, "ahtSeconds": 180, "targetServiceLevel": 0.8, "targetAnswerSeconds": 20])
        #expect(c["agents"]?.intValue == 0 && c["agentsWithShrinkage"]?.intValue == 0)
    }

    @Test func probabilityOfWaitingAtElevenAgentsThroughRPC() async throws {
        // 100 calls × 180 s / 1800 s = 10 erlangs; with an 0.909 occupancy cap the minimum is 11 agents, whose P(wait) is C(11, 10).
        let h = try await KPIHarness()
        let r = try await h.ok(
            "kpi.erlang",
            [
                "calls": 100, "intervalMinutes": 30, "ahtSeconds": 180, "targetServiceLevel": 0.01,
                "targetAnswerSeconds": 20, "maxOccupancy": 0.95, "shrinkage": 0
            ])
        #expect(r["agents"]?.intValue == 11)
        #expect(abs((r["probabilityOfWaiting"]?.doubleValue ?? 0) - 0.6821) < 0.00005)
    }

    @Test func shrinkageRoundingIsExact() async throws {
        // 21 agents at 30 % shrinkage is 30 (21 / 0.7 = 30 exactly), not 31.
        #expect(Shrinkage(0.3).scheduledAgents(forAvailable: 21) == 30)
    }

    @Test func erlangAMayNeedFewerAgentsThanTheTraffic() async throws {
        let h = try await KPIHarness()
        let r = try await h.ok(
            "kpi.erlang",
            [
                "model": "erlangA", "calls": 200, "intervalMinutes": 30, "ahtSeconds": 180,
                "targetServiceLevel": 0.2, "targetAnswerSeconds": 20, "patienceSeconds": 10, "maxOccupancy": 1
            ])
        #expect((r["agents"]?.intValue ?? 99) < 20)
        #expect(r["abandonmentProbability"]?.doubleValue != nil)
    }

    static let badInputs: [(JSONValue, String)] = [
        (["calls": -1, "intervalMinutes": 30, "ahtSeconds": 180, "targetServiceLevel": 0.8, "targetAnswerSeconds": 20] as JSONValue, "calls"),
        (["calls": 10, "intervalMinutes": 0, "ahtSeconds": 180, "targetServiceLevel": 0.8, "targetAnswerSeconds": 20], "intervalMinutes"),
        (["calls": 10, "intervalMinutes": 30, "ahtSeconds": 0, "targetServiceLevel": 0.8, "targetAnswerSeconds": 20], "ahtSeconds"),
        (["calls": 10, "intervalMinutes": 30, "ahtSeconds": 180, "targetServiceLevel": 1, "targetAnswerSeconds": 20], "targetServiceLevel"),
        (["calls": 10, "intervalMinutes": 30, "ahtSeconds": 180, "targetServiceLevel": 0.8, "targetAnswerSeconds": -1], "targetAnswerSeconds"),
        (["calls": 10, "intervalMinutes": 30, "ahtSeconds": 180, "targetServiceLevel": 0.8, "targetAnswerSeconds": 20, "maxOccupancy": 0], "maxOccupancy"),
        (["calls": 10, "intervalMinutes": 30, "ahtSeconds": 180, "targetServiceLevel": 0.8, "targetAnswerSeconds": 20, "shrinkage": 1], "shrinkage"),
        (["model": "erlangA", "calls": 10, "intervalMinutes": 30, "ahtSeconds": 180, "targetServiceLevel": 0.8, "targetAnswerSeconds": 20], "patienceSeconds"),
        (["model": "erlangB", "calls": 10, "intervalMinutes": 30, "ahtSeconds": 180, "targetServiceLevel": 0.8, "targetAnswerSeconds": 20], "model"),
        (["calls": 1e12, "intervalMinutes": 30, "ahtSeconds": 180, "targetServiceLevel": 0.8, "targetAnswerSeconds": 20], "calls"),
        (["calls": "ten", "intervalMinutes": 30, "ahtSeconds": 180, "targetServiceLevel": 0.8, "targetAnswerSeconds": 20], "calls")
    ]

    @Test(arguments: badInputs)
    func badInputNamesTheField(params: JSONValue, field: String) async throws {
        let h = try await KPIHarness()
        let e = try #require(await h.error("kpi.erlang", params))
        #expect(e.code.rawValue == -32602 || e.code.rawValue == -32022)
        #expect(e.data?["field"]?.stringValue == field)
    }

    @Test func tenThousandAgentsAreStable() async throws {
        let h = try await KPIHarness()
        // 9,900 erlangs: 297,000 calls of 180 s per 30 min.
        let r = try await h.ok(
            "kpi.erlang",
            [
                "calls": 99_000, "intervalMinutes": 30, "ahtSeconds": 180, "targetServiceLevel": 0.8,
                "targetAnswerSeconds": 20, "maxOccupancy": 1, "shrinkage": 0
            ])
        let n = try #require(r["agents"]?.intValue)
        #expect(n > 9_900 && n <= 10_000)
        #expect((r["serviceLevel"]?.doubleValue ?? 0) >= 0.8)
    }
}

/// Staffing and dimensioning through RPC.
@Suite struct KPIStaffingMethodTests {
    @Test func staffingGivesAgentsHoursAndETP() async throws {
        let h = try await KPIHarness()
        let r = try await h.ok(
            "kpi.staffing",
            [
                "volumes": [
                    ["date": "2026-03-02", "time": "09:00", "calls": 100],
                    ["date": "2026-03-02", "time": "09:30", "calls": 0]
                ],
                "ahtSeconds": 180, "targetServiceLevel": 0.8, "targetAnswerSeconds": 20,
                "maxOccupancy": 0.85, "shrinkage": 0.3
            ])
        let rows = try #require(r["intervals"]?.arrayValue)
        #expect(rows.count == 2)
        #expect(rows[0]["agents"]?.intValue == 14 && rows[0]["agentsWithShrinkage"]?.intValue == 20)
        #expect(rows[0]["start"]?.stringValue == "2026-03-02T09:00:00+01:00")
        #expect(rows[1]["agents"]?.intValue == 0)
        #expect(r["scheduledAgentHours"]?.doubleValue == 10)
        // 10 h over one day at 35 h/week: 10 / 5 = 2 ETP.
        #expect(abs((r["fullTimeEquivalents"]?.doubleValue ?? 0) - 2) < 1e-9)
    }

    @Test func dimensioningFlagsUnderAndOverStaffing() async throws {
        let h = try await KPIHarness()
        let r = try await h.ok(
            "kpi.dimensioning",
            [
                "volumes": [["date": "2026-03-02", "time": "09:00", "calls": 100], ["date": "2026-03-02", "time": "09:30", "calls": 10]],
                "scheduled": [
                    ["date": "2026-03-02", "time": "09:00", "agents": 15], ["date": "2026-03-02", "time": "09:30", "agents": 9],
                    ["date": "2026-03-02", "time": "10:00", "agents": 2]
                ],
                "ahtSeconds": 180, "shrinkage": 0.3
            ])
        let rows = try #require(r["rows"]?.arrayValue)
        #expect(rows.map { $0["status"]?.stringValue } == ["understaffed", "overstaffed", "overstaffed"])
        #expect(rows[0]["required"]?.intValue == 20 && rows[0]["gap"]?.intValue == -5)
        #expect(r["missingAgentHours"]?.doubleValue == 2.5)
    }

    @Test func badVolumesNameTheField() async throws {
        let h = try await KPIHarness()
        let e1 = await h.error("kpi.staffing", ["volumes": [["date": "2026-03-02", "time": "09:10", "calls": 5]]])
        #expect(e1?.data?["field"]?.stringValue == "volumes[0].time")
        let e2 = await h.error("kpi.staffing", ["volumes": [["date": "2026-02-30", "time": "09:00", "calls": 5]]])
        #expect(e2?.code.rawValue == -32602)
        let e3 = await h.error("kpi.staffing", ["horizonDays": 0])
        #expect(e3?.data?["field"]?.stringValue == "horizonDays")
        let e4 = await h.error("kpi.dimensioning", ["scheduled": [["date": "2026-03-02", "time": "09:00", "agents": -1]], "volumes": []])
        #expect(e4?.data?["field"]?.stringValue == "scheduled[0].agents")
    }
}
