import Foundation
import JSONRPC
import Kernel
import Testing

@testable import Messaging

/// `messaging.list` pages: the reply keeps its fields and gains `nextCursor`; pages put together
/// are the queue in its order, every message once, even when deadlines tie.
@Suite struct CallbackQueuePagingTests {
    @Test func pagesCoverTheQueueOnceInOrder() async throws {
        let h = try await MessagingHarness(now: "2026-04-07T10:00:00+02:00")
        defer { Task { await h.shutdown() } }
        // Same instant, same urgency: equal deadlines and taking times, ordered by arrival.
        for i in 0..<5 { _ = try await h.take(callback: "06 11 00 00 0\(i)", patientId: nil) }
        for i in 0..<3 { _ = try await h.take(urgency: "urgent", callback: "06 22 00 00 0\(i)", patientId: nil) }
        let whole = try await h.ok("messaging.list", [:])
        let expected = whole["messages"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
        #expect(expected.count == 8)
        #expect(whole["nextCursor"] == nil, "one page holds everything")
        var ids: [String] = []
        var cursor: JSONValue?
        var pages = 0
        repeat {
            var params: JSONObject = ["limit": 3]
            if let cursor { params["cursor"] = cursor }
            let page = try await h.ok("messaging.list", .object(params))
            let items = page["messages"]?.arrayValue ?? []
            #expect(items.count <= 3 && page["count"]?.intValue == items.count)
            ids += items.compactMap { $0["id"]?.stringValue }
            cursor = page["nextCursor"]
            pages += 1
        } while cursor != nil && pages < 10
        #expect(pages == 3)
        #expect(ids == expected, "every message once, in queue order (urgent first)")
    }

    static let refused: [(JSONValue, String)] = [
        (["limit": 0], "limit"), (["limit": 201], "limit"),
        (["cursor": "not a cursor"], "cursor"), (["cursor": .string(PageCursor.encode([.int(1)]))], "cursor")
    ]

    @Test(arguments: refused)
    func boundsAreNamed(params: JSONValue, field: String) async throws {
        let h = try await MessagingHarness(now: "2026-04-07T10:00:00+02:00")
        defer { Task { await h.shutdown() } }
        let e = await h.error("messaging.list", params)
        #expect(e?.code.rawValue == -32602)
        #expect(e?.data?["field"]?.stringValue == field)
    }
}
