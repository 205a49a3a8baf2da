import Foundation
import JSONRPC
import Kernel
import Practice
import Testing

@testable import Escalation

/// The example practice with turns starting on Sundays, so that handoffs fall on the 2026
/// daylight-saving days (Sunday 29 March and Sunday 25 October, 20:00).
private let sundayRota = ExamplePractice.yaml.replacingOccurrences(of: #"startDate: "2026-01-05""#, with: #"startDate: "2026-01-04""#)

@Suite("On-call methods")
struct OnCallMethodTests {
    @Test(
        "oncall.who around the 20:00 handoff on both daylight-saving days",
        arguments: [
            ("2026-03-29T19:59:00+02:00", "dr-roux", "2026-03-29T20:00:00+02:00"),
            ("2026-03-29T20:00:00+02:00", "dr-martin", "2026-04-05T20:00:00+02:00"),
            ("2026-10-25T19:59:00+01:00", "dr-roux", "2026-10-25T20:00:00+01:00"),
            ("2026-10-25T20:00:00+01:00", "dr-martin", "2026-11-01T20:00:00+01:00")
        ])
    func handoffs(at: String, who: String, until: String) async throws {
        let h = try await EscalationHarness(yaml: sundayRota, at: "2026-01-10T12:00:00+01:00")
        let answer = try await h.call("oncall.who", ["at": .string(at)])
        #expect(answer["practitionerId"]?.stringValue == who)
        #expect(answer["until"]?.stringValue == until)
        #expect(answer["source"] == "rotation")
        await h.shutdown()
    }

    @Test("an override entered over RPC wins, is listed, and pages go to its practitioner")
    func override() async throws {
        let h = try await EscalationHarness(at: "2026-03-10T22:00:00+01:00")
        let created = try await h.call(
            "oncall.override",
            [
                "practitionerId": "dr-roux", "from": "2026-03-10T21:00", "to": "2026-03-11",
                "reason": "Échange"
            ])
        #expect(created["from"] == "2026-03-10T21:00:00+01:00")
        #expect(created["to"] == "2026-03-11T20:00:00+01:00")
        let who = try await h.call("oncall.who")
        #expect(who["practitionerId"] == "dr-roux")
        #expect(who["source"] == "override")
        #expect(who["until"] == "2026-03-11T20:00:00+01:00")
        let all = try await h.call("oncall.overrides")["items"]?.arrayValue ?? []
        #expect(all.map { $0["source"]?.stringValue } == ["configuration", "configuration", "rpc"])
        let march = try await h.call("oncall.overrides", ["from": "2026-03-01T00:00:00+01:00", "to": "2026-04-01T00:00:00+02:00"])
        #expect(march["items"]?.arrayValue?.count == 1)
        _ = try await h.call("escalation.raise", ["caller": "+33612345678", "reason": "Malaise", "urgency": "urgent"])
        #expect(try await h.outbox(channel: "sms").first?["destination"] as String? == "+33639981203")
        #expect(await h.error("oncall.who", ["siteId": "nulle-part"])?.data?["field"] == "siteId")
        await h.shutdown()
    }
}
