import Foundation
import GRDB
import JSONRPC
import Kernel
import PermanenceTesting
import Practice
import Testing

@testable import Messaging

/// Messages belong to a practice: two hosts on one database file (practices `cab-a` and `cab-b`,
/// as two nodes would run them) never see, change or report each other's messages, and a database
/// written before messages carried their practice keeps them all for the practice that owned it.
struct MessagingPracticesTests {
    static let start = "2026-04-07T10:00:00+02:00"

    /// A host of the example practice under `practiceId` (none: `default`) with the messaging plugin, on the file at `path`.
    static func server(_ practiceId: String?, path: String) async throws -> TestServer {
        try await TestServer(
            yaml: PracticeDatabase.example(ExamplePractice.yaml, practiceId: practiceId), now: instant(start), store: try Store(path: path)
        ) { doc in
            let practice = try PracticePlugin(configuration: doc)
            return [practice, try MessagingPlugin(configuration: doc, directory: practice.directory)]
        }
    }

    /// Runs `body` with practices `cab-a` and `cab-b` on one new database file, then stops both.
    static func withPractices(_ body: (TestServer, TestServer) async throws -> Void) async throws {
        let path = try PracticeDatabase.temporaryPath()
        let a = try await server("cab-a", path: path)
        let b = try await server("cab-b", path: path)
        do { try await body(a, b) } catch {
            await a.stop()
            await b.stop()
            throw error
        }
        await a.stop()
        await b.stop()
    }

    static func take(_ server: TestServer, text: String = "Rappeler pour les résultats") async throws -> JSONValue {
        try await server.call(
            "messaging.take",
            [
                "category": "results", "text": .string(text), "callbackNumber": "+33612000001", "urgency": "normal",
                "caller": ["name": "Jeanne Roux", "phone": "+33612000001"]
            ])["message"]!
    }

    static func error(_ server: TestServer, _ method: String, _ params: JSONValue) async -> RPCError? {
        do {
            _ = try await server.call(method, params)
            return nil
        } catch let e as RPCError { return e } catch { return nil }
    }

    /// Routes an SMS received from `from` on `server`'s host, as the gateway's webhook does.
    static func sms(_ server: TestServer, from: String, text: String) async throws -> InboundSMSRouter.Handling? {
        let session = server.dispatcher.openSession(transport: .inProcess, role: .integration, actor: "sms", sink: { _ in })
        defer { server.dispatcher.closeSession(session) }
        let context = RequestContext(host: server.host, session: session, requestID: nil, method: "sms")
        return try await server.host.inboundSMS.route(.init(from: from, text: text, receivedAt: server.clock.now()), context: context)
    }

    @Test func anotherPracticeListsNoneOfTheMessages() async throws {
        try await Self.withPractices { a, b in
            _ = try await Self.take(a)
            for status in ["pending", "all", "open"] {
                #expect(try await b.call("messaging.list", ["status": .string(status)])["count"] == 0)
                #expect(try await a.call("messaging.list", ["status": .string(status)])["count"] == 1)
            }
        }
    }

    /// Each method that reads or changes one message, with its other params.
    static let byId: [(String, JSONObject)] = [
        ("messaging.get", [:]), ("messaging.assign", ["assignee": "dr-martin"]),
        ("messaging.complete", ["outcome": "calledBack"]), ("messaging.reopen", ["reason": "rappel"])
    ]

    @Test("a message of another practice is not found and stays as it was", arguments: byId)
    func anotherPracticesMessageIsNotFound(method: String, extra: JSONObject) async throws {
        try await Self.withPractices { a, b in
            let message = try await Self.take(a)
            var params = extra
            params["messageId"] = message["id"]
            let e = await Self.error(b, method, .object(params))
            #expect(e?.code == .notFound)
            #expect(e?.data?["field"] == "messageId")
            let after = try await a.call("messaging.get", ["messageId": message["id"]!])["message"]
            #expect(after?["status"] == "open")
            #expect(after?["assignee"] == nil)
            #expect(after?["note"] == nil)
        }
    }

    @Test func theSameCodeInTwoPracticesAnswersEachItsOwnReply() async throws {
        try await Self.withPractices { a, b in
            let inA = try await Self.take(a)
            let inB = try await Self.take(b)
            let code = try #require(inA["code"]?.stringValue)
            // Codes are unique within a practice only: B's message may carry A's code.
            try await b.host.store.write { db in
                try db.run("UPDATE messaging_message SET code = ? WHERE id = ?", [code, inB["id"]!.stringValue!])
            }
            let handling = try await Self.sms(b, from: "+33639981201", text: "OK \(code)")
            #expect(handling?.reference == inB["id"]?.stringValue)
            #expect(try await b.call("messaging.get", ["messageId": inB["id"]!])["message"]?["status"] == "assigned")
            #expect(try await a.call("messaging.get", ["messageId": inA["id"]!])["message"]?["status"] == "open")
        }
    }

    @Test func anotherPracticesOverdueScanLeavesTheMessagesAlone() async throws {
        try await Self.withPractices { a, b in
            let message = try await Self.take(a)
            // Three days later for B only: A's own monitor does not run meanwhile.
            b.clock.advance(by: 3 * 86_400)
            let reported = try await OverdueMonitor.scan(host: b.host, now: b.clock.now())
            #expect(reported.isEmpty)
            let notified = try await a.host.store.read { db in
                try db.value(Int.self, "SELECT COUNT(*) FROM messaging_message WHERE id = ? AND overdueNotifiedAt IS NOT NULL", [message["id"]!.stringValue!])
            }
            #expect(notified == 0)
            let webhooks = try await a.host.store.read { db in
                try db.value(Int.self, "SELECT COUNT(*) FROM outbox WHERE event = 'messaging.overdue'")
            }
            #expect(webhooks == 0)
        }
    }

    @Test func anotherPracticesPromiseOnTheSameThingIsItsOwnQueueItem() async throws {
        try await Self.withPractices { a, b in
            func enqueue(_ server: TestServer) async throws -> QueuedCallback {
                let desk = try #require(server.host.services.resolve((any CallbackDesk).self))
                let request = CallbackRequest(
                    kind: .triageCallback, urgent: false, callerPhone: "+33612000002", text: "Rappeler après le triage",
                    source: "escalation", reference: "tri_0001")
                return try await server.host.store.write { db in try desk.enqueue(request, actor: "test", now: server.clock.now(), in: db) }
            }
            let first = try await enqueue(a)
            #expect(try await enqueue(a).created == false)
            let other = try await enqueue(b)
            #expect(other.created)
            #expect(other.messageId != first.messageId)
            #expect(try await a.call("messaging.list", [:])["count"] == 1)
            #expect(try await b.call("messaging.list", [:])["count"] == 1)
        }
    }

    @Test func theCallSheetOfAnotherPracticeShowsNoneOfTheMessages() async throws {
        try await Self.withPractices { a, b in
            _ = try await Self.take(a)
            let call: JSONValue = ["dialled": "+33465710010", "caller": "+33612000001"]
            #expect(try await b.call("calls.identify", call)["sections"]?["messages"] == [])
            #expect(try await a.call("calls.identify", call)["sections"]?["messages"]?.arrayValue?.count == 1)
        }
    }

    @Test func aDatabaseOfOnePracticeKeepsItsMessagesAfterTheUpgrade() async throws {
        let path = try PracticeDatabase.copyOfFixture("single-practice-v1.sqlite")
        let owner = try await Self.server(nil, path: path)
        let tags = try await owner.host.store.read { db in
            try db.rows("SELECT practiceId, COUNT(*) AS n FROM messaging_message GROUP BY practiceId").map {
                "\($0["practiceId"] as String)=\($0["n"] as Int)"
            }
        }
        #expect(tags == ["default=1"])
        let listed = try await owner.call("messaging.list", [:])
        #expect(listed["count"] == 1)
        let message = try #require(listed["messages"]?.arrayValue?.first)
        #expect(message["text"] == "Rappeler pour résultats")
        #expect(message["status"] == "open")
        let id = try #require(message["id"])
        #expect(try await owner.call("messaging.get", ["messageId": id])["message"]?["code"] == message["code"])
        #expect(try await owner.call("messaging.assign", ["messageId": id, "assignee": "dr-martin"])["status"] == "assigned")

        let other = try await Self.server("other", path: path)
        #expect(try await other.call("messaging.list", ["status": "all"])["count"] == 0)
        #expect(await Self.error(other, "messaging.get", ["messageId": id])?.code == .notFound)
        // A new message of the other practice may take a code the owner's uses.
        _ = try await Self.take(other)
        #expect(try await other.call("messaging.list", [:])["count"] == 1)
        #expect(try await owner.call("messaging.list", ["status": "all"])["count"] == 1)
        await other.stop()
        await owner.stop()
    }
}
