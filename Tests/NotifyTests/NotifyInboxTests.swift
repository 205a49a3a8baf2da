import Foundation
import JSONRPC
import Kernel
import Notify
import Testing

/// Inbound SMS that no module handles are kept for the secretaries (`notify.inbox`) until one
/// marks them done.
@Suite("Inbox of unhandled SMS", .serialized)
struct NotifyInboxTests {
    @Test("an unhandled reply is kept, announced and listed for a secretary; a handled one is not")
    func keepsUnhandled() async throws {
        let h = try await NotifyHarness(yaml: "notify: {}\n")
        h.host.inboundSMS.register { message, _ in
            message.text.hasPrefix("OK ") ? .init(handledBy: "escalation", summary: "incident acknowledged") : nil
        }
        let handled = try await h.call("notify.inboundSms", ["from": "06 39 98 12 01", "text": "OK 4821"])
        #expect(handled["handled"] == true)
        #expect(handled["inboxId"] == nil)
        let kept = try await h.call(
            "notify.inboundSms",
            [
                "from": "+33 6 39 98 12 02", "text": "  Je ne peux pas ce soir, voyez Dr Roux  ",
                "receivedAt": "2026-03-29T18:05:00+02:00"
            ], role: .integration)
        #expect(kept["handled"] == false)
        let inboxId = try #require(kept["inboxId"]?.stringValue)

        let page = try await h.call("notify.inbox", role: .secretary)
        let items = try #require(page["items"]?.arrayValue)
        #expect(items.count == 1)
        #expect(items.first?["id"]?.stringValue == inboxId)
        #expect(items.first?["from"] == "+33639981202")
        #expect(items.first?["text"] == "Je ne peux pas ce soir, voyez Dr Roux")
        #expect(items.first?["receivedAt"] == "2026-03-29T18:05:00+02:00")
        #expect(items.first?["status"] == "open")
        let announced = h.events.filter { $0.topic == "notify.inboxReceived" }
        #expect(announced.map { $0.params["id"]?.stringValue } == [inboxId])
        #expect(announced.first?.params["from"] == "+33639981202")
        #expect(announced.first?.params["text"] == nil, "the text is for notify.inbox, not for every subscriber")
        await h.shutdown()
    }

    @Test("notify.inboxDone records who dealt with it; it leaves the open list; twice is a conflict")
    func markDone() async throws {
        let h = try await NotifyHarness(yaml: "notify: {}\n")
        let id = try #require(try await h.call("notify.inboundSms", ["from": "0465710010", "text": "Merci"])["inboxId"])
        let done = try await h.call("notify.inboxDone", ["id": id, "note": "rappelé le cabinet"], role: .secretary)
        #expect(done["status"] == "done")
        #expect(done["doneBy"] == "test-secretary")
        #expect(done["note"] == "rappelé le cabinet")
        #expect(done["doneAt"] != nil)
        #expect(try await h.call("notify.inbox", role: .secretary)["items"]?.arrayValue == [])
        #expect(try await h.call("notify.inbox", ["status": "done"], role: .secretary)["items"]?.arrayValue?.count == 1)
        let twice = await #expect(throws: RPCError.self) { try await h.call("notify.inboxDone", ["id": id], role: .secretary) }
        #expect(twice?.code == .conflict)
        let missing = await #expect(throws: RPCError.self) { try await h.call("notify.inboxDone", ["id": "999"], role: .secretary) }
        #expect(missing?.code == .notFound)
        let forbidden = await #expect(throws: RPCError.self) { try await h.call("notify.inboxDone", ["id": id], role: .integration) }
        #expect(forbidden?.code == .forbidden)
        let longNote = await #expect(throws: RPCError.self) {
            try await h.call("notify.inboxDone", ["id": id, "note": .string(String(repeating: "x", count: 501))], role: .secretary)
        }
        #expect(longNote?.data?["field"] == "note")
        await h.shutdown()
    }

    @Test("notify.inbox pages newest first with a cursor; bounds are enforced")
    func paging() async throws {
        let h = try await NotifyHarness(yaml: "notify: {}\n")
        var ids: [String] = []
        for i in 0..<5 {
            ids.append(try #require(try await h.call("notify.inboundSms", ["from": "0639981201", "text": .string("SMS \(i)")])["inboxId"]?.stringValue))
        }
        var seen: [String] = []
        var cursor: JSONValue?
        repeat {
            var params: JSONObject = ["limit": 2]
            if let cursor { params["cursor"] = cursor }
            let page = try await h.call("notify.inbox", .object(params), role: .secretary)
            seen += page["items"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
            cursor = page["nextCursor"]
        } while cursor != nil
        #expect(seen == ids.reversed())
        for (params, field) in [
            (["limit": 0], "limit"), (["limit": 201], "limit"), (["status": "closed"], "status"),
            (["cursor": "-3"], "cursor")
        ] as [(JSONValue, String)] {
            let error = await #expect(throws: RPCError.self) { try await h.call("notify.inbox", params, role: .secretary) }
            #expect(error?.data?["field"]?.stringValue == field)
        }
        let long = await #expect(throws: RPCError.self) {
            try await h.call("notify.inboundSms", ["from": "0639981201", "text": .string(String(repeating: "a", count: 2001))])
        }
        #expect(long?.data?["field"] == "text")
        await h.shutdown()
    }
}
