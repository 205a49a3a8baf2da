import Foundation
import GRDB
import JSONRPC
import Kernel
import PermanenceTesting
import Practice
import Testing

@testable import KPI

/// Figures over several practices of one server (`practiceIds`, or every practice the session may
/// act for), and `kpi.staffing {pooled: true}`: the pooled queue beside one queue per practice.
struct KPIPoolTests {
    static let march: JSONObject = ["from": "2026-03-01T00:00:00+01:00", "to": "2026-03-28T00:00:00+01:00"]

    static func params(_ base: JSONObject, _ extra: JSONObject) -> JSONValue {
        var o = base
        for (key, value) in extra { o[key] = value }
        return .object(o)
    }

    @Test func aPoolsFiguresSumItsPracticesAndNameEach() async throws {
        let pool = try await KPIPool(["cab-a", "cab-b", "cab-c"])
        try await pool.seed { [1, 3, 2][$0] }
        let s = try await pool.session()
        var offered: [String: Int] = [:]
        for id in pool.ids {
            let one = try await pool.ok("kpi.summary", Self.params(Self.march, ["practiceId": .string(id)]), s)
            offered[id] = one["offered"]?.intValue
            #expect(one["byPractice"] == nil, "one practice: the figures as they always were")
            #expect(try await pool.ok("kpi.summary", Self.params(Self.march, ["practiceIds": [.string(id)]]), s) == one)
        }
        #expect(Set(offered.values).count == 3, "the practices differ: \(offered)")
        let ab = try await pool.ok("kpi.summary", Self.params(Self.march, ["practiceIds": ["cab-b", "cab-a"]]), s)
        #expect(ab["offered"]?.intValue == offered["cab-a"]! + offered["cab-b"]!)
        #expect(ab["byPractice"]?.arrayValue?.map { $0["practiceId"] } == ["cab-b", "cab-a"])
        let byPractice = ab["byPractice"]?.arrayValue ?? []
        #expect(byPractice.first?["offered"]?.intValue == offered["cab-b"])
        #expect(byPractice.last?["answered"]?.intValue == offered["cab-a"])
        #expect(ab["patientsUnderCare"] == 12_400, "the practices' patients under care, summed")
        // A contact journalled by one practice (an email) counts in the pool, for that practice.
        let email = ContactEntry(
            channel: .email, direction: .inbound, patientId: "pt_1", caller: nil, motive: .information, subject: "question",
            offeredAt: RFC3339.parse("2026-03-10T10:00:00+01:00")!, source: "practice")
        try await pool.practices.hosts[0].store.write { db in _ = try ContactJournal.append(email, practiceId: "cab-b", in: db) }
        let withEmail = try await pool.ok("kpi.summary", Self.params(Self.march, ["practiceIds": ["cab-b", "cab-a"]]), s)
        #expect(withEmail["contacts"]?.intValue == ab["contacts"]!.intValue! + 1)
        #expect(withEmail["offered"] == ab["offered"])
        #expect(withEmail["byPractice"]?.arrayValue?.map { $0["contacts"]?.intValue ?? 0 } == [offered["cab-b"]! + 1, offered["cab-a"]!])
        // Neither param: every practice of the session.
        let all = try await pool.ok("kpi.summary", .object(Self.march), s)
        #expect(all["offered"]?.intValue == offered.values.reduce(0, +))
        #expect(all["contacts"]?.intValue == offered.values.reduce(0, +) + 1)
        #expect(all["byPractice"]?.arrayValue?.count == 3)
        #expect(all["patientsUnderCare"] == 18_600)
        let level = try await pool.ok("kpi.serviceLevel", Self.params(Self.march, ["practiceIds": ["cab-a", "cab-c"]]), s)
        #expect(level["offered"]?.intValue == offered["cab-a"]! + offered["cab-c"]!)
        // The series counts the pool too.
        let series = try await pool.ok("kpi.series", Self.params(Self.march, ["practiceIds": ["cab-a", "cab-c"], "metric": "offered", "groupBy": "month"]), s)
        let counted = series["points"]?.arrayValue?.compactMap { $0["value"]?.intValue }.reduce(0, +)
        #expect(counted == offered["cab-a"]! + offered["cab-c"]!, "\(series)")
        await pool.shutdown()
    }

    @Test func aPoolTakesEachPracticesOwnSettingsForWhatEachConfigures() async throws {
        let pool = try await KPIPool(["cab-a", "cab-b", "cab-c"], patientsUnderCare: { [1000, nil, 3000][$0] }, scheduledAgents: { $0 + 1 })
        try await pool.seed { _ in 1 }
        let s = try await pool.session()
        // One practice without patients under care: the pool has no contact rate.
        let all = try await pool.ok("kpi.summary", .object(Self.march), s)
        #expect(all["patientsUnderCare"] == nil && all["contactRate"] == nil, "\(all)")
        let ac = try await pool.ok("kpi.summary", Self.params(Self.march, ["practiceIds": ["cab-a", "cab-c"]]), s)
        #expect(ac["patientsUnderCare"] == 4000)
        #expect(try await pool.ok("kpi.summary", Self.params(Self.march, ["practiceId": "cab-c"]), s)["patientsUnderCare"] == 3000)
        // The team scheduled for the pool is every practice's, summed.
        let volumes: JSONValue = [["date": "2026-03-30", "time": "09:00", "calls": 10]]
        let dim = try await pool.ok("kpi.dimensioning", ["volumes": volumes, "practiceIds": ["cab-b", "cab-c"]], s)
        #expect(dim["rows"]?.arrayValue?.first { $0["time"] == "09:00" }?["scheduled"] == 5, "\(dim)")
        #expect(try await pool.ok("kpi.dimensioning", ["volumes": volumes, "practiceId": "cab-b"], s)["rows"]?.arrayValue?.first?["scheduled"] == 2)
        // The report names the practices it covers.
        let report = try await pool.ok("kpi.report", Self.params(Self.march, ["format": "html"]), s)
        let html = report["html"]?.stringValue ?? ""
        #expect(html.contains("<h1>Cabinet cab-a, Cabinet cab-b, Cabinet cab-c — "), "\(html.prefix(600))")
        let one = try await pool.ok("kpi.report", Self.params(Self.march, ["format": "html", "practiceId": "cab-b"]), s)
        #expect(one["html"]?.stringValue?.contains("<h1>Cabinet cab-b — ") == true)
        await pool.shutdown()
    }

    @Test func aPoolNeedsPracticesTheSessionMayActFor() async throws {
        let pool = try await KPIPool(["cab-a", "cab-b"])
        let mine = try await pool.session(practice: "cab-a")
        let forbidden = try await pool.reply("kpi.summary", Self.params(Self.march, ["practiceIds": ["cab-a", "cab-b"]]), mine)
        #expect(forbidden["error"]?["code"] == -32002 && forbidden["error"]?["data"]?["field"] == "practiceIds[1]", "\(forbidden)")
        // The token's practice alone needs no naming.
        #expect(try await pool.ok("kpi.summary", .object(Self.march), mine)["byPractice"] == nil)
        let s = try await pool.session()
        let unknown = try await pool.reply("kpi.staffing", ["practiceIds": ["cab-a", "cab-z"]], s)
        #expect(unknown["error"]?["code"] == -32004 && unknown["error"]?["data"]?["field"] == "practiceIds[1]", "\(unknown)")
        let empty = try await pool.reply("kpi.summary", Self.params(Self.march, ["practiceIds": []]), s)
        #expect(empty["error"]?["code"] == -32602 && empty["error"]?["data"]?["field"] == "practiceIds", "\(empty)")
        // Sites belong to one practice.
        let site = try await pool.reply("kpi.summary", Self.params(Self.march, ["site": "centre"]), s)
        #expect(site["error"]?["code"] == -32022 && site["error"]?["data"]?["field"] == "site", "\(site)")
        // Pooling compares forecasts, not given volumes.
        let given = try await pool.reply("kpi.staffing", ["pooled": true, "volumes": [["date": "2026-03-30", "time": "09:00", "calls": 4]]], s)
        #expect(given["error"]?["code"] == -32022 && given["error"]?["data"]?["field"] == "pooled", "\(given)")
        await pool.shutdown()
    }

    @Test func aPoolsCallRecordsAreReadAsOneRangeOfTheKeyPerPractice() async throws {
        let pool = try await KPIPool(["cab-a"])
        let plan = try await pool.practices.hosts[0].store.read { db in
            try db.rows(
                "EXPLAIN QUERY PLAN " + KPICallStore.recordsQuery(practices: 3),
                KPICallStore.recordsArguments(
                    from: Date(timeIntervalSince1970: 0), to: Date(timeIntervalSince1970: 1e10), practiceIds: ["a", "b", "c"])
            )
            .map { $0["detail"] as String }
        }
        #expect(plan.contains { $0.contains("USING PRIMARY KEY (practiceId=? AND offeredSecond>? AND offeredSecond<?)") }, "\(plan)")
        #expect(!plan.contains { $0.hasPrefix("SCAN kpi_call") }, "\(plan)")
        await pool.shutdown()
    }

    /// The agents pyworkforce's Erlang C gives per interval (see `pooling_check.py`).
    struct Reference: Decodable {
        struct Interval: Decodable {
            let agents, separateAgents, agentsWithShrinkage, separateAgentsWithShrinkage: Int
            let practiceAgents: [Int]
        }
        let intervals: [Interval]
        let violations: [String]
    }

    @Test func pooledStaffingOfFortyPracticesMatchesPyworkforce() async throws {
        let ids = (0..<40).map { "cab-\($0 < 10 ? "0" : "")\($0)" }
        let pool = try await KPIPool(ids)
        try await pool.seed { 1 + $0 % 7 + $0 / 10 }
        let s = try await pool.session()
        let target: JSONObject = [
            "start": "2026-03-30", "horizonDays": 1, "ahtSeconds": 180, "targetServiceLevel": 0.8, "targetAnswerSeconds": 20,
            "maxOccupancy": 0.85, "shrinkage": 0.3
        ]
        // Each practice alone: its own forecast and staffing.
        var single: [[String: (calls: Double, agents: Int)]] = []
        for id in ids {
            let r = try await pool.ok("kpi.staffing", Self.params(target, ["practiceIds": [.string(id)]]), s)
            #expect(r["pooling"] == nil)
            var rows: [String: (Double, Int)] = [:]
            for row in r["intervals"]?.arrayValue ?? [] { rows[row["time"]!.stringValue!] = (row["calls"]!.doubleValue!, row["agents"]!.intValue!) }
            single.append(rows)
        }
        let pooled = try await pool.ok("kpi.staffing", Self.params(target, ["pooled": true]), s)
        let pooling = try #require(pooled["pooling"])
        #expect(pooling["practiceIds"] == .array(ids.map(JSONValue.string)))
        let rows = try #require(pooling["intervals"]?.arrayValue)
        #expect(rows.count == 20)
        #expect(pooled["intervals"]?.arrayValue?.map { $0["agents"] } == rows.map { $0["agents"] }, "the pooled queue is the plan")

        var spec: [JSONValue] = []
        for row in rows {
            let time = row["time"]!.stringValue!
            let calls = single.map { $0[time]?.calls ?? 0 }
            #expect(abs(row["calls"]!.doubleValue! - calls.reduce(0, +)) < 1e-9, "\(time): the pool's calls are the practices' summed")
            #expect(row["separateAgents"]?.intValue == single.map { $0[time]?.agents ?? 0 }.reduce(0, +), "\(time)")
            spec.append(["pooled": row["calls"]!, "practices": .array(calls.map { .number(String($0)) })])
        }
        let input = try PracticeDatabase.temporaryPath("pooling.json")
        let document: JSONValue = [
            "ahtSeconds": 180, "intervalSeconds": 1800, "thresholdSeconds": 20, "serviceLevel": 0.8, "maxOccupancy": 0.85,
            "shrinkageBasisPoints": 3000, "intervals": .array(spec), "schema": KPIStaffingMethod.resultSchema.jsonValue, "result": pooled
        ]
        try JSONWriter.string(document).write(toFile: input, atomically: true, encoding: .utf8)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("pooling_check.py")
        let reference = try JSONDecoder().decode(
            Reference.self, from: try PythonScript.run(script.path, [input], needs: "pyworkforce and jsonschema (pip install pyworkforce jsonschema)"))
        #expect(reference.violations == [], "the result matches its schema")
        #expect(reference.intervals.count == rows.count)
        for (row, ref) in zip(rows, reference.intervals) {
            let time = row["time"]!.stringValue!
            #expect(row["agents"]?.intValue == ref.agents, "\(time) pooled")
            #expect(row["separateAgents"]?.intValue == ref.separateAgents, "\(time) separate")
            #expect(row["agentsWithShrinkage"]?.intValue == ref.agentsWithShrinkage, "\(time)")
            #expect(row["separateAgentsWithShrinkage"]?.intValue == ref.separateAgentsWithShrinkage, "\(time)")
            #expect(row["gain"]?.intValue == ref.separateAgents - ref.agents)
            #expect(single.map { $0[time]?.agents ?? 0 } == ref.practiceAgents, "\(time) per practice")
        }
        // Pooling saves agents in every interval, and the totals follow: half-hours over one 35-hour week's day.
        #expect(rows.allSatisfy { ($0["gain"]?.intValue ?? 0) > 0 })
        let separateHours = Double(reference.intervals.map(\.separateAgentsWithShrinkage).reduce(0, +)) / 2
        let pooledHours = Double(reference.intervals.map(\.agentsWithShrinkage).reduce(0, +)) / 2
        #expect(abs(pooling["separateFullTimeEquivalents"]!.doubleValue! - separateHours / 5) < 1e-9)
        #expect(abs(pooling["fullTimeEquivalents"]!.doubleValue! - pooledHours / 5) < 1e-9)
        #expect(abs(pooled["fullTimeEquivalents"]!.doubleValue! - pooledHours / 5) < 1e-9)
        #expect(abs(pooling["gainFullTimeEquivalents"]!.doubleValue! - (separateHours - pooledHours) / 5) < 1e-9)
        print("pooling 40 practices: \(pooledHours / 5) ETP pooled, \(separateHours / 5) ETP separate")
        await pool.shutdown()
    }
}
