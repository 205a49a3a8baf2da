import Foundation
import JSONRPC
import Kernel
import Testing

@testable import Escalation

/// `escalation.list` pages newest first; pages put together hold every incident once, even those
/// raised at the same instant.
@Suite struct IncidentListPagingTests {
    @Test func pagesHoldEveryIncidentOnceNewestFirst() async throws {
        let h = try await EscalationHarness(at: "2026-03-10T22:00:00+01:00")
        var raised: [String] = []
        for i in 0..<7 {
            // Three at one instant, then one a minute.
            if i >= 3 { h.clock.advance(by: 60) }
            let r = try await h.call("escalation.raise", ["caller": .string("+3361234560\(i)"), "reason": .string("Motif \(i)"), "urgency": "normal"])
            raised.append(try #require(r["incident"]?["id"]?.stringValue))
        }
        let whole = try await h.call("escalation.list")
        #expect(whole["items"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == Array(raised.reversed()))
        #expect(whole["nextCursor"] == nil)
        var ids: [String] = []
        var cursor: JSONValue?
        var pages = 0
        repeat {
            var params: JSONObject = ["limit": 2]
            if let cursor { params["cursor"] = cursor }
            let page = try await h.call("escalation.list", .object(params))
            #expect((page["items"]?.arrayValue?.count ?? 0) <= 2)
            ids += page["items"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
            cursor = page["nextCursor"]
            pages += 1
        } while cursor != nil && pages < 10
        #expect(pages == 4)
        #expect(ids == Array(raised.reversed()), "every incident once, newest first")
        await h.shutdown()
    }

    @Test func overridesPageInTheOrderTheyApply() async throws {
        let h = try await EscalationHarness(at: "2026-03-10T22:00:00+01:00")
        for day in 12...16 {
            _ = try await h.call(
                "oncall.override",
                [
                    "practitionerId": "dr-roux", "from": .string("2026-04-\(day)T20:00"),
                    "to": .string("2026-04-\(day + 1)T08:00")
                ])
        }
        let whole = try await h.call("oncall.overrides")
        let expected = whole["items"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
        #expect(expected.count == 7 && whole["nextCursor"] == nil)
        var ids: [String] = []
        var params: JSONObject = ["limit": 2]
        var pages = 0
        while pages < 10 {
            let page = try await h.call("oncall.overrides", .object(params))
            ids += page["items"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
            pages += 1
            guard let next = page["nextCursor"] else { break }
            params["cursor"] = next
        }
        #expect(pages == 4)
        #expect(ids == expected)
        #expect(await h.error("oncall.overrides", ["limit": 0])?.data?["field"]?.stringValue == "limit")
        #expect(await h.error("oncall.overrides", ["cursor": "x"])?.data?["field"]?.stringValue == "cursor")
        await h.shutdown()
    }
}
