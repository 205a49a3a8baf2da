import Foundation
import JSONRPC
import Kernel
import Testing

/// The paging convention every list method follows, seen on `kernel.audit`: pages of at most
/// `limit` rows, `nextCursor` until the last, every row exactly once, bad bounds named.
@Suite struct PagingTests {
    @Test func auditTrailPagesThroughEveryEntryOnceNewestFirst() async throws {
        let t = try await TestHost()
        let s = t.session()
        for _ in 0..<250 { _ = try await t.call("kernel.clock.set", ["advanceSeconds": 1], session: s) }
        var ids: [Int] = []
        var cursor: JSONValue?
        var pages = 0
        repeat {
            var params: JSONObject = ["method": "kernel.clock.set", "limit": 100]
            if let cursor { params["cursor"] = cursor }
            let page = try #require(try await t.call("kernel.audit", .object(params), session: s)["result"])
            let items = page["items"]?.arrayValue ?? []
            #expect(items.count <= 100)
            ids += items.compactMap { $0["id"]?.intValue }
            cursor = page["nextCursor"]
            pages += 1
        } while cursor != nil && pages < 10
        #expect(pages == 3)
        #expect(ids.count == 250)
        #expect(Set(ids).count == 250, "no entry twice")
        #expect(ids == ids.sorted(by: >), "newest first across pages")
        // Without limit, one page of the default size (100) and a cursor.
        let first = try #require(try await t.call("kernel.audit", session: s)["result"])
        #expect(first["items"]?.arrayValue?.count == 100)
        #expect(first["nextCursor"] != nil)
    }

    static let refused: [(JSONValue, String)] = [
        (["limit": 0], "limit"), (["limit": 201], "limit"), (["limit": -5], "limit"),
        (["cursor": "garbage!"], "cursor"), (["cursor": ""], "cursor"), (["cursor": "-3"], "cursor"),
        (["cursor": .string(PageCursor.encode([.text("pt_1")]))], "cursor")
    ]

    @Test(arguments: refused)
    func outOfRangeLimitAndForeignCursorAreNamed(params: JSONValue, field: String) async throws {
        let t = try await TestHost()
        let r = try await t.call("kernel.audit", params, session: t.session())
        #expect(r["error"]?["code"] == -32602)
        #expect(r["error"]?["data"]?["field"] == .string(field))
    }

    @Test func cursorRoundTripsItsKeyAndChecksItsShape() throws {
        let key: [PageKey] = [.int(0), .real(1_775_550_000.123456), .text("Lefèvre hélène"), .int(42)]
        let cursor = PageCursor.encode(key)
        #expect(!cursor.contains("=") && !cursor.contains("+") && !cursor.contains("/"), "URL-safe, no padding")
        #expect(try PageCursor.decode(cursor, shape: [.int, .real, .text, .int]) == key)
        #expect(try PageCursor.decode(nil, shape: [.int]) == nil)
        #expect(throws: RPCError.self) { try PageCursor.decode(cursor, shape: [.int, .real, .text]) }
        #expect(throws: RPCError.self) { try PageCursor.decode(cursor, shape: [.int, .text, .text, .int]) }
        #expect(throws: RPCError.self) { try PageCursor.decode(String(repeating: "A", count: 2_000), shape: [.int]) }
        #expect(throws: RPCError.self) { try PageCursor.limit(201, standard: 50) }
        #expect(try PageCursor.limit(nil, standard: 50) == 50)
    }
}
