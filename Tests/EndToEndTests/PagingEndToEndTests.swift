import Foundation
import JSONRPC
import Testing

/// Lists through the built executable: no reply holds more than one page, and pages put together
/// hold every row once, in the list's order.
@Suite(.serialized) struct PagingEndToEndTests {
    @Test func callbackQueueAndAuditTrailPageThroughEveryRowOnce() throws {
        let example = try Executable.run(["config", "example"])
        let server = try ServerProcess.tcp(config: example.stdout, clock: "2026-04-07T10:00:00+02:00")
        defer { server.stop() }
        let secretary = try server.client(role: "secretary")
        for i in 0..<230 {
            _ = try secretary.result(
                "messaging.take",
                [
                    "caller": ["name": .string("Appelant \(i)")], "category": "appointment", "text": "Souhaite être rappelé.",
                    "callbackNumber": .string(String(format: "06 %02d %02d %02d %02d", 10 + i / 100, i % 100, 11, 22)), "urgency": "normal"
                ])
        }
        // Without limit: one page of at most 200 messages, and a cursor to the rest.
        let first = try secretary.result("messaging.list", [:])
        #expect(first["messages"]?.arrayValue?.count == 200)
        #expect(first["nextCursor"]?.stringValue != nil)
        let all = try secretary.allPages("messaging.list", ["limit": 70], field: "messages").compactMap { $0["id"]?.stringValue }
        #expect(all.count == 230)
        #expect(Set(all).count == 230, "no message twice")
        #expect(Array(all.prefix(200)) == first["messages"]?.arrayValue?.compactMap { $0["id"]?.stringValue }, "the same order page by page")
        let tooMany = try secretary.call("messaging.list", ["limit": 1000])
        #expect(tooMany["error"]?["code"] == -32602)
        #expect(tooMany["error"]?["data"]?["field"] == "limit")
        let forged = try secretary.call("messaging.list", ["cursor": "eyJpbnQiOjF9"])
        #expect(forged["error"]?["code"] == -32602)
        #expect(forged["error"]?["data"]?["field"] == "cursor")

        let admin = try server.client(role: "admin")
        let audit = try admin.allPages("kernel.audit", ["method": "messaging.take", "limit": 200])
        #expect(audit.count == 230)
        let ids = audit.compactMap { $0["id"]?.intValue }
        #expect(ids == ids.sorted(by: >) && Set(ids).count == 230, "newest first, each entry once")
    }
}
