import Foundation
import GRDB
import JSONRPC
import Kernel
import Notify
import Testing

/// The outbox worker against a real HTTP receiver on loopback, with a manual clock.
@Suite("Outbox delivery to a real receiver", .serialized)
struct NotifyDeliveryTests {
    static let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    static let otherSecret = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD"

    static func config(_ endpoints: [(id: String, url: String, events: String)], concurrency: Int = 8) -> String {
        var yaml = "notify:\n  concurrency: \(concurrency)\n  webhooks:\n"
        for (i, e) in endpoints.enumerated() {
            yaml += "    - {id: \(e.id), url: \"\(e.url)\", secret: \(i % 2 == 0 ? secret : otherSecret), events: \(e.events)}\n"
        }
        return yaml
    }

    @Test("500, 500, 500 then 200: delivered at the 4th attempt, same webhook-id, every attempt recorded and verified")
    func retriesThenDelivers() async throws {
        let receiver = try WebhookReceiver(secrets: [Self.secret])
        let h = try await NotifyHarness(yaml: Self.config([("cabinet", receiver.baseURL + "/p/500,500,500,200/hook", "['*']")]))
        let id = try await h.enqueue(NotifyHarness.webhook(to: "cabinet"))
        let message = try await h.runUntilSettled(id)
        #expect(message["status"]?.stringValue == "delivered")
        #expect(message["attempts"]?.intValue == 4)
        let attempts = try await h.attempts(id)
        #expect(attempts.map { $0["httpStatus"]?.intValue } == [500, 500, 500, 200])
        #expect(attempts.prefix(3).allSatisfy { $0["error"]?.stringValue?.hasPrefix("HTTP 500") == true })
        #expect(attempts[3]["error"] == nil)
        #expect(attempts.allSatisfy { ($0["durationMs"]?.doubleValue ?? -1) >= 0 })
        // Urgent schedule: at once, +5 s, +30 s, +2 min.
        let times = attempts.compactMap { $0["at"]?.stringValue.flatMap(RFC3339.parse)?.timeIntervalSince(NotifyHarness.t0) }
        #expect(times == [0, 5, 35, 155])
        let records = try await receiver.waitFor(4)
        let messageId = try #require(message["messageId"]?.stringValue)
        #expect(records.map { $0.headers["webhook-id"] } == Array(repeating: messageId, count: 4))
        #expect(records.allSatisfy { $0.verified == true }, "the standardwebhooks package rejected a delivery")
        #expect(
            records.map { $0.headers["webhook-timestamp"] }
                == times.map { String(Int(NotifyHarness.t0.timeIntervalSince1970 + $0)) })
        #expect(records.allSatisfy { $0.body == NotifyHarness.webhook(to: "cabinet").payload })
        #expect(h.events.contains { $0.topic == "notify.delivered" && $0.params["messageId"]?.stringValue == messageId })
        await h.shutdown()
        receiver.stop()
    }

    @Test("429 with Retry-After: the next attempt waits at least that long", arguments: [2, 60])
    func retryAfter(seconds: Int) async throws {
        let receiver = try WebhookReceiver(secrets: [Self.secret])
        let h = try await NotifyHarness(yaml: Self.config([("cabinet", receiver.baseURL + "/p/429~\(seconds),200/hook", "['*']")]))
        let id = try await h.enqueue(NotifyHarness.webhook(to: "cabinet", urgency: .normal))
        try await h.settle()
        try await receiver.waitFor(1)
        let pending = try await h.call("notify.get", ["id": .string(String(id))])["message"]!
        #expect(pending["status"]?.stringValue == "pending")
        let next = try #require(pending["nextAttemptAt"]?.stringValue.flatMap(RFC3339.parse))
        #expect(next.timeIntervalSince(NotifyHarness.t0) >= Double(seconds))
        // Just before Retry-After: nothing is sent.
        h.clock.advance(by: Double(seconds) - 0.1)
        try await h.settle()
        #expect(try await h.attempts(id).count == 1)
        let message = try await h.runUntilSettled(id)
        #expect(message["status"]?.stringValue == "delivered")
        let attempts = try await h.attempts(id)
        #expect(attempts.map { $0["httpStatus"]?.intValue } == [429, 200])
        let gap = try #require(attempts[1]["at"]?.stringValue.flatMap(RFC3339.parse)).timeIntervalSince(NotifyHarness.t0)
        #expect(gap >= Double(seconds))
        await h.shutdown()
        receiver.stop()
    }

    @Test("a receiver down through the whole urgent schedule: 5 attempts, dead letter, notify.deadLettered")
    func receiverDown() async throws {
        let url = "http://127.0.0.1:\(WebhookReceiver.closedPort())/hook"
        let h = try await NotifyHarness(yaml: Self.config([("cabinet", url, "['*']")]))
        let id = try await h.enqueue(NotifyHarness.webhook(to: "cabinet"))
        let message = try await h.runUntilSettled(id)
        #expect(message["status"]?.stringValue == "dead")
        let attempts = try await h.attempts(id)
        #expect(attempts.count == 5)
        #expect(attempts.allSatisfy { $0["httpStatus"] == nil && $0["error"]?.stringValue?.isEmpty == false })
        let times = attempts.compactMap { $0["at"]?.stringValue.flatMap(RFC3339.parse)?.timeIntervalSince(NotifyHarness.t0) }
        #expect(times == [0, 5, 35, 155, 455])
        let dead = h.events.filter { $0.topic == "notify.deadLettered" }
        #expect(dead.count == 1)
        #expect(dead.first?.params["id"]?.stringValue == String(id))
        #expect(dead.first?.params["reason"]?.stringValue?.contains("5 attempts") == true)
        #expect(try await h.call("notify.list", ["status": "dead"])["items"]?.arrayValue?.count == 1)
        await h.shutdown()
    }

    @Test("400 goes to the dead letter at once, without retry")
    func rejected() async throws {
        let receiver = try WebhookReceiver(secrets: [Self.secret])
        let h = try await NotifyHarness(yaml: Self.config([("cabinet", receiver.baseURL + "/p/400/hook", "['*']")]))
        let id = try await h.enqueue(NotifyHarness.webhook(to: "cabinet"))
        let message = try await h.runUntilSettled(id)
        #expect(message["status"]?.stringValue == "dead")
        h.clock.advance(by: 86_400)
        try await h.settle()
        #expect(try await h.attempts(id).count == 1)
        #expect(try await receiver.waitFor(1).count == 1)
        #expect(h.events.filter { $0.topic == "notify.deadLettered" }.count == 1)
        await h.shutdown()
        receiver.stop()
    }

    @Test("410 disables the endpoint; notify.retry revives the message and re-enables it")
    func goneDisablesEndpoint() async throws {
        let receiver = try WebhookReceiver(secrets: [Self.secret])
        let h = try await NotifyHarness(yaml: Self.config([("cabinet", receiver.baseURL + "/p/410,200/hook", "['*']")]))
        let first = try await h.enqueue(NotifyHarness.webhook(to: "cabinet"))
        #expect(try await h.runUntilSettled(first)["status"]?.stringValue == "dead")
        #expect(h.events.contains { $0.topic == "notify.endpointDisabled" })
        let endpoints = try await h.call("notify.endpoints")
        #expect(endpoints.arrayValue?.first?["enabled"] == false)
        // Later messages to a disabled endpoint are not sent.
        let second = try await h.enqueue(NotifyHarness.webhook(to: "cabinet"))
        let m2 = try await h.runUntilSettled(second)
        #expect(m2["status"]?.stringValue == "dead")
        #expect(m2["lastError"]?.stringValue?.contains("disabled") == true)
        #expect(receiver.records.count == 1)
        await #expect(throws: RPCError.self) { try await h.call("notify.test", ["channel": "webhook", "to": "cabinet"]) }
        // The operator retries: the endpoint is enabled again and the message goes out.
        let retried = try await h.call("notify.retry", ["id": .string(String(first))])
        #expect(retried["status"]?.stringValue == "pending")
        #expect(try await h.runUntilSettled(first)["status"]?.stringValue == "delivered")
        #expect(try await h.call("notify.endpoints").arrayValue?.first?["enabled"] == true)
        await h.shutdown()
        receiver.stop()
    }

    @Test("notify.enableEndpoint re-enables an endpoint disabled by a 410: the next message is delivered; admin only; unknown ids named")
    func enableEndpointRevivesDelivery() async throws {
        let receiver = try WebhookReceiver(secrets: [Self.secret])
        let h = try await NotifyHarness(yaml: Self.config([("cabinet", receiver.baseURL + "/p/410,200/hook", "['*']")]))
        let first = try await h.enqueue(NotifyHarness.webhook(to: "cabinet"))
        #expect(try await h.runUntilSettled(first)["status"]?.stringValue == "dead")
        #expect(try await h.call("notify.endpoints").arrayValue?.first?["enabled"] == false)
        // Only an admin may re-enable; a wrong id is named.
        await #expect(throws: RPCError.self) { try await h.call("notify.enableEndpoint", ["id": "cabinet"], role: .staff) }
        #expect(try await h.call("notify.endpoints").arrayValue?.first?["enabled"] == false)
        do {
            _ = try await h.call("notify.enableEndpoint", ["id": "inconnu"])
            Issue.record("an unknown endpoint was accepted")
        } catch let e as RPCError {
            #expect(e.code.rawValue == -32004 && e.data?["field"] == "id")
        }
        let enabled = try await h.call("notify.enableEndpoint", ["id": "cabinet"])
        #expect(enabled["id"] == "cabinet" && enabled["enabled"] == true)
        #expect(try await h.call("notify.endpoints").arrayValue?.first?["enabled"] == true)
        // The first message stays dead (retrying it is `notify.retry`'s job); a new one goes out.
        #expect(try await h.call("notify.get", ["id": .string(String(first))])["message"]?["status"]?.stringValue == "dead")
        let second = try await h.enqueue(NotifyHarness.webhook(to: "cabinet"))
        #expect(try await h.runUntilSettled(second)["status"]?.stringValue == "delivered")
        #expect(receiver.records.count == 2)
        await h.shutdown()
        receiver.stop()
    }

    @Test("a webhook to * fans out to the endpoints whose filter matches, each with its own webhook-id")
    func fanOut() async throws {
        let receiver = try WebhookReceiver(secrets: [Self.secret, Self.otherSecret])
        let h = try await NotifyHarness(
            yaml: Self.config([
                ("cabinet", receiver.baseURL + "/cabinet", "[escalation.raised, message.taken]"),
                ("astreinte", receiver.baseURL + "/astreinte", "['escalation.*']"),
                ("compta", receiver.baseURL + "/compta", "[message.taken]")
            ]))
        let parent = try await h.enqueue(NotifyHarness.webhook(to: "*", event: "escalation.raised"))
        try await h.settle()
        let records = try await receiver.waitFor(2)
        #expect(Set(records.map(\.path)) == ["/cabinet", "/astreinte"])
        #expect(Set(records.compactMap { $0.headers["webhook-id"] }).count == 2)
        #expect(records.allSatisfy { $0.verified == true })
        let got = try await h.call("notify.get", ["id": .string(String(parent))])
        #expect(got["message"]?["status"]?.stringValue == "fannedOut")
        let children = got["fannedOutTo"]?.arrayValue ?? []
        #expect(Set(children.compactMap { $0["destination"]?.stringValue }) == ["cabinet", "astreinte"])
        #expect(children.allSatisfy { $0["status"]?.stringValue == "delivered" })
        #expect(Set(children.compactMap { $0["messageId"]?.stringValue }) == Set(records.compactMap { $0.headers["webhook-id"] }))
        await h.shutdown()
        receiver.stop()
    }

    @Test("several deliveries run in parallel, never more than notify.concurrency")
    func boundedParallelism() async throws {
        let receiver = try WebhookReceiver(secrets: [Self.secret])
        let h = try await NotifyHarness(
            yaml: Self.config([("cabinet", receiver.baseURL + "/slow/150/hook", "['*']")], concurrency: 4),
            client: CurlHTTPClient(maxConcurrentTransfers: 8))
        for _ in 0..<16 { try await h.enqueue(NotifyHarness.webhook(to: "cabinet")) }
        try await h.settle()
        let records = try await receiver.waitFor(16)
        let peak = records.map(\.concurrent).max() ?? 0
        #expect(peak > 1 && peak <= 4, "peak concurrency \(peak)")
        #expect(try await h.call("notify.list", ["status": "delivered"])["items"]?.arrayValue?.count == 16)
        await h.shutdown()
        receiver.stop()
    }

    @Test("rows left in flight by a crash go back to pending at start and are delivered with the same webhook-id")
    func recoversInflight() async throws {
        let receiver = try WebhookReceiver(secrets: [Self.secret])
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("notify-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let yaml = Self.config([("cabinet", receiver.baseURL + "/hook", "['*']")])
        // First life: the database is created, then a row is left in flight as a killed worker leaves it.
        let first = try await NotifyHarness(yaml: yaml, store: try Store(path: path))
        await first.shutdown()
        let store = try Store(path: path)
        let t = NotifyHarness.t0.timeIntervalSince1970
        try await store.write { db in
            try db.run(
                """
                INSERT INTO outbox(practiceId, messageId, channel, destination, event, payload, urgency, status, attempts, nextAttemptAt,
                  createdAt, updatedAt)
                VALUES (?, 'msg_crashed', 'webhook', 'cabinet', 'escalation.raised', '{"a":1}', 'urgent', 'inflight', 0, ?, ?, ?)
                """, [KernelHost.defaultPracticeId, t, t, t])
        }
        let second = try await NotifyHarness(yaml: yaml, store: store)
        try await second.settle()
        let records = try await receiver.waitFor(1)
        #expect(records[0].headers["webhook-id"] == "msg_crashed")
        #expect(try await second.call("notify.get", ["id": "msg_crashed"])["message"]?["status"]?.stringValue == "delivered")
        await second.shutdown()
        receiver.stop()
    }

    @Test("kernel.status shows the backlog")
    func backlog() async throws {
        let url = "http://127.0.0.1:\(WebhookReceiver.closedPort())/hook"
        let h = try await NotifyHarness(yaml: Self.config([("cabinet", url, "['*']")]))
        for _ in 0..<3 { try await h.enqueue(NotifyHarness.webhook(to: "cabinet")) }
        try await h.settle()
        let status = try await h.call("kernel.status")
        #expect(status["outbox"]?["pending"]?.intValue == 3)
        await h.shutdown()
    }
}
