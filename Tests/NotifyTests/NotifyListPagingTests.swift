import Foundation
import JSONRPC
import Kernel
import Testing

@testable import Notify

/// `notify.list` pages newest first: `{items, nextCursor?}`, every row once, even rows created at
/// the same instant.
@Suite struct NotifyListPagingTests {
    @Test func pagesHoldEveryRowOnceNewestFirst() async throws {
        let h = try await NotifyHarness(
            yaml: "notify:\n  webhooks:\n    - {id: cabinet, url: \"\(NotifyFailuresTests.closedURL)\", secret: whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw}\n")
        var ids: [String] = []
        for i in 0..<7 {
            if i % 2 == 0 { h.clock.advance(by: 1) }
            ids.append(String(try await h.enqueue(NotifyHarness.webhook(to: "cabinet"))))
        }
        let whole = try await h.call("notify.list")
        #expect(whole["items"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == Array(ids.reversed()))
        var seen: [String] = []
        var params: JSONObject = ["limit": 3]
        var pages = 0
        while pages < 10 {
            let page = try await h.call("notify.list", .object(params))
            #expect((page["items"]?.arrayValue?.count ?? 0) <= 3)
            seen += page["items"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
            pages += 1
            guard let next = page["nextCursor"] else { break }
            params["cursor"] = next
        }
        #expect(pages == 3)
        #expect(seen == Array(ids.reversed()))
        let badLimit = await #expect(throws: RPCError.self) { try await h.call("notify.list", ["limit": 201]) }
        #expect(badLimit?.data?["field"] == "limit")
        let badCursor = await #expect(throws: RPCError.self) { try await h.call("notify.list", ["cursor": "12"]) }
        #expect(badCursor?.data?["field"] == "cursor")
        await h.shutdown()
    }
}
