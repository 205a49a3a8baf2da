import Foundation
import GRDB
import JSONRPC
import Kernel
import Notify
import PermanenceTesting
import RPCTestSupport
import Testing

/// Two practices, `cab-a` and `cab-b`, on one database file, each host with its own store and its
/// own delivery worker (as two nodes of one service): notifications, failures, the inbox and the
/// opt-out list of one are neither seen nor touched through the other.
@Suite("Two practices on one database", .serialized)
struct NotifySeparationTests {
    /// The practice's configuration: its id and one webhook endpoint, `cabinet`, at `url`.
    static func yaml(_ practiceId: String, url: String) -> String {
        "practice: {id: \(practiceId), name: \(practiceId), timezone: Europe/Paris}\n"
            + NotifyDeliveryTests.config([("cabinet", url, "['*']")])
    }

    @Test("B's worker and methods never reach A's notifications; A's worker delivers them")
    func outbox() async throws {
        let receiver = try WebhookReceiver(secrets: [NotifyDeliveryTests.secret])
        let path = try PracticeDatabase.temporaryPath()
        let a = try await NotifyHarness(yaml: Self.yaml("cab-a", url: receiver.baseURL + "/p/200/hook"), store: try Store(path: path))
        // A's node stops while sending: one row pending, one left in flight.
        await a.plugin.stop()
        let id = try await a.enqueue(NotifyHarness.webhook(to: "cabinet"))
        let inflight = try await a.enqueue(NotifyHarness.webhook(to: "cabinet", event: "messaging.received"))
        try await a.host.store.write { db in try db.run("UPDATE outbox SET status = 'inflight' WHERE id = ?", [inflight]) }
        let messageId = try #require(try await a.call("notify.get", ["id": .string(String(id))])["message"]?["messageId"]?.stringValue)

        // B starts (its worker recovers its own rows left in flight) and delivers what it owes; its
        // endpoint of the same id refuses connections: an attempt on A's rows would show.
        let b = try await NotifyHarness(
            yaml: Self.yaml("cab-b", url: "http://127.0.0.1:\(WebhookReceiver.closedPort())/hook"), store: try Store(path: path))
        try await b.settle()
        let untouched = try await a.call("notify.get", ["id": .string(String(id))])["message"]
        #expect(untouched?["status"] == "pending")
        #expect(untouched?["attempts"] == 0)
        #expect(try await a.call("notify.get", ["id": .string(String(inflight))])["message"]?["status"] == "inflight")
        #expect(try await b.call("notify.list")["items"] == [])
        #expect(try await b.call("kernel.status")["outbox"]?["pending"] == 0)
        for key in [String(id), messageId] {
            for method in ["notify.get", "notify.retry"] {
                let error = await #expect(throws: RPCError.self) { try await b.call(method, ["id": .string(key)]) }
                #expect(error?.code == .notFound, "\(method) \(key)")
            }
        }

        // A's node back: its worker delivers the row.
        await a.shutdown()
        let back = try await NotifyHarness(yaml: Self.yaml("cab-a", url: receiver.baseURL + "/p/200/hook"), store: try Store(path: path))
        let delivered = try await back.runUntilSettled(id)
        #expect(delivered["status"] == "delivered")
        #expect(delivered["attempts"] == 1)
        #expect(try await back.runUntilSettled(inflight)["status"] == "delivered")
        #expect(try await receiver.waitFor(2).count == 2)
        #expect(try await b.call("notify.list")["items"] == [])
        #expect(try await b.call("notify.failures", ["status": "all"])["items"] == [])
        await back.shutdown()
        await b.shutdown()
        receiver.stop()
    }

    @Test("a dead row and its failure record are A's: B lists none and cannot retry it")
    func failures() async throws {
        let path = try PracticeDatabase.temporaryPath()
        let closed = "http://127.0.0.1:\(WebhookReceiver.closedPort())/hook"
        let a = try await NotifyHarness(
            yaml: Self.yaml("cab-a", url: closed), store: try Store(path: path),
            policies: RetryPolicies(urgent: RetryPolicy(retryDelays: [], random: { 0 }), normal: RetryPolicy(retryDelays: [], random: { 0 })))
        let b = try await NotifyHarness(yaml: Self.yaml("cab-b", url: closed), store: try Store(path: path))
        let id = try await a.enqueue(NotifyHarness.webhook(to: "cabinet"))
        let dead = try await a.runUntilSettled(id)
        #expect(dead["status"] == "dead")
        #expect(try await a.call("notify.failures")["items"]?.arrayValue?.count == 1)
        #expect(try await b.call("notify.failures", ["status": "all"])["items"] == [])
        let retried = try await b.call("notify.retryAll", ["status": "dead", "channel": "webhook"])
        #expect(retried["retried"] == 0)
        #expect(try await a.call("notify.get", ["id": .string(String(id))])["message"]?["status"] == "dead")
        await a.shutdown()
        await b.shutdown()
    }

    @Test("the inbox and the opt-out list are per practice: a STOP to A does not silence B")
    func inboxAndOptOuts() async throws {
        let path = try PracticeDatabase.temporaryPath()
        let closed = "http://127.0.0.1:\(WebhookReceiver.closedPort())/hook"
        let a = try await NotifyHarness(yaml: Self.yaml("cab-a", url: closed), store: try Store(path: path))
        let b = try await NotifyHarness(yaml: Self.yaml("cab-b", url: closed), store: try Store(path: path))

        let kept = try await a.call("notify.inboundSms", ["from": "06 39 98 12 02", "text": "Je ne peux pas venir"])
        let inboxId = try #require(kept["inboxId"])
        #expect(try await b.call("notify.inbox", role: .secretary)["items"] == [])
        let done = await #expect(throws: RPCError.self) { try await b.call("notify.inboxDone", ["id": inboxId], role: .secretary) }
        #expect(done?.code == .notFound)
        #expect(try await a.call("notify.inbox", role: .secretary)["items"]?.arrayValue?.first?["status"] == "open")

        let phone = "+33639981202"
        let optOutsA = try #require(a.host.services.resolve((any SMSOptOuts).self))
        let optOutsB = try #require(b.host.services.resolve((any SMSOptOuts).self))
        let now = a.clock.now()
        try await a.host.store.write { db in try optOutsA.optOut(phone, source: "agenda", at: now, in: db) }
        let (inA, inB) = try await b.host.store.read { db in (try optOutsA.isOptedOut(phone, in: db), try optOutsB.isOptedOut(phone, in: db)) }
        #expect(inA && !inB)
        #expect(try await b.call("notify.optOuts")["items"] == [])
        #expect(try await b.call("notify.optIn", ["phone": .string(phone)])["removed"] == false)
        #expect(try await a.call("notify.optOuts")["items"]?.arrayValue?.count == 1)
        // The same number may stop B too: its own row, not a clash with A's.
        try await b.host.store.write { db in try optOutsB.optOut(phone, source: "agenda", at: now, in: db) }
        #expect(try await b.call("notify.optOuts")["items"]?.arrayValue?.count == 1)
        await a.shutdown()
        await b.shutdown()
    }
}

/// A database written before rows carried their practice, opened by this code.
@Suite("Upgrade of a single-practice database", .serialized)
struct NotifyUpgradeTests {
    @Test("every outbox row is kept for the owner, listed and readable; another practice sees none")
    func upgrade() async throws {
        let path = try PracticeDatabase.singlePracticeV1()
        let fixture = try Store(path: path)
        let before = Set(try await fixture.read { db in try db.values(String.self, "SELECT messageId FROM outbox") })
        try fixture.close()
        #expect(!before.isEmpty)
        let closed = "http://127.0.0.1:\(WebhookReceiver.closedPort())/hook"
        let owner = try await NotifyHarness(
            yaml: "practice: {name: Tilleuls, timezone: Europe/Paris}\n" + NotifyDeliveryTests.config([("cabinet", closed, "['*']")]),
            store: try Store(path: path))
        #expect(owner.host.practiceId == "default")
        let tags = try await owner.host.store.read { db in
            try ["outbox", "outbox_attempt", "kernel_audit", "notify_endpoint", "notify_failure", "notify_inbox", "notify_inbound_message", "notify_optout"]
                .flatMap { try db.values(String.self, "SELECT DISTINCT practiceId FROM \($0)") }
        }
        #expect(Set(tags) == ["default"])
        // Its worker may have tried them since (the fixture's rows are due): they are still there, its own.
        let listed = try #require(try await owner.call("notify.list", ["limit": 200])["items"]?.arrayValue)
        #expect(before.isSubset(of: Set(listed.compactMap { $0["messageId"]?.stringValue })))
        let first = try #require(listed.first?["id"]?.stringValue)
        #expect(try await owner.call("notify.get", ["id": .string(first)])["message"]?["id"]?.stringValue == first)
        await owner.shutdown()

        let other = try await NotifyHarness(yaml: Self.otherYAML(closed), store: try Store(path: path))
        #expect(try await other.call("notify.list")["items"] == [])
        let error = await #expect(throws: RPCError.self) { try await other.call("notify.get", ["id": .string(first)]) }
        #expect(error?.code == .notFound)
        await other.shutdown()
    }

    static func otherYAML(_ url: String) -> String {
        "practice: {id: other, name: Autre, timezone: Europe/Paris}\n" + NotifyDeliveryTests.config([("cabinet", url, "['*']")])
    }
}
