import Foundation
import GRDB
import JSONRPC
import Kernel
import Synchronization
import Testing

@testable import Notify

/// Undelivered notifications come back to people: the modules behind them are told in the same
/// transaction, the secretaries see them in `notify.failures` (never the payload), the consoles get
/// `notify.failed`; and `notify.retry` / `notify.retryAll` send a backlog now.
@Suite("Failed deliveries, notify.failures and retries", .serialized)
struct NotifyFailuresTests {
    static let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    static let closedURL = "http://127.0.0.1:\(WebhookReceiver.closedPort())"
    static let smsText = "MSP Tilleuls : message urgent de 12h40, rappel sous 2 h au 04 65 71 00 10. Répondez OK MK4T7Q."

    static func gatewayConfig(_ url: String) -> String {
        """
        notify:
          sms:
            provider: http
            url: \(url)/sms/send
            method: POST
            headers: {Content-Type: application/json}
            body: '{"to": "{to}", "text": "{text}"}'
            from: MSPTILLEULS
        """
    }

    static func urgentSMS(reference: String = "msg_roux") -> Outbox.Item {
        Outbox.Item(
            channel: "sms", destination: "+33639981203", event: "messaging.urgent", payload: smsText, urgency: .urgent,
            reference: reference)
    }

    @Test("a dead urgent SMS: the listener takes it over in the same transaction; notify.failures (secretary) and notify.failed show it without the text")
    func deadSMSIsRoutedAndListed() async throws {
        let h = try await NotifyHarness(yaml: Self.gatewayConfig(Self.closedURL))
        let offered = FailureLog()
        h.host.deliveryFailures.register { failure, db in
            offered.append(
                failure, insideTransaction: try Self.insideWriteTransaction(db),
                rowStatus: try db.value(String.self, "SELECT status FROM outbox WHERE messageId = ?", [failure.messageId]))
            guard failure.event == "messaging.urgent" else { return nil }
            return .init(handledBy: "messaging", reference: "cb_1", summary: "alerte non délivrée: appeler le Dr Roux")
        }
        let id = try await h.enqueue(Self.urgentSMS())
        #expect(try await h.runUntilSettled(id)["status"]?.stringValue == "dead")

        let failures = offered.all
        try #require(failures.count == 1, "offered once, when given up")
        #expect(failures[0].failure.channel == "sms")
        #expect(failures[0].failure.destination == "+33639981203")
        #expect(failures[0].failure.reference == "msg_roux")
        #expect(failures[0].failure.attempts == 5)
        #expect(failures[0].failure.lastError?.contains("5 attempts") == true)
        #expect(failures[0].insideTransaction)
        #expect(failures[0].rowStatus == "dead", "the listener sees the row already dead, in the same transaction")

        let page = try await h.call("notify.failures", role: .secretary)
        let items = try #require(page["items"]?.arrayValue)
        try #require(items.count == 1)
        let item = items[0]
        #expect(item["id"]?.stringValue == String(id))
        #expect(item["status"] == "dead")
        #expect(item["destination"] == "+33639981203")
        #expect(item["event"] == "messaging.urgent")
        #expect(item["attempts"]?.intValue == 5)
        #expect(item["handledBy"]?.arrayValue?.first?["handledBy"] == "messaging")
        #expect(item["handledBy"]?.arrayValue?.first?["reference"] == "cb_1")
        #expect(item["payload"] == nil)
        #expect(!JSONWriter.string(page).contains("rappel sous 2 h"), "the SMS text is not shown to a secretary")
        #expect(page["nextCursor"] == nil)

        let failed = h.events.filter { $0.topic == "notify.failed" }
        #expect(failed.count == 1)
        #expect(failed.first?.params["handledBy"]?.arrayValue?.first?["summary"] == "alerte non délivrée: appeler le Dr Roux")
        let notice = JSONWriter.string(failed.first?.params ?? .null)
        #expect(!notice.contains("rappel sous 2 h"))
        await h.shutdown()
    }

    @Test("a listener that throws does not stop the row from being recorded dead and listed")
    func throwingListener() async throws {
        struct Boom: Error {}
        let h = try await NotifyHarness(yaml: Self.gatewayConfig(Self.closedURL))
        h.host.deliveryFailures.register { _, db in
            try db.run("UPDATE outbox SET reference = 'tampered'")
            throw Boom()
        }
        let id = try await h.enqueue(Self.urgentSMS())
        let message = try await h.runUntilSettled(id)
        #expect(message["status"]?.stringValue == "dead")
        #expect(message["reference"]?.stringValue == "msg_roux", "the listener's partial write was undone")
        let items = try await h.call("notify.failures", role: .secretary)["items"]?.arrayValue ?? []
        #expect(items.count == 1)
        #expect(items.first?["handledBy"]?.arrayValue == [])
        #expect(h.events.contains { $0.topic == "notify.failed" })
        await h.shutdown()
    }

    @Test("the error line names ids, event, attempts, reason and who took over; never the number or the text")
    func logLine() throws {
        let row = try DatabaseQueue().read { db in
            try db.row(
                """
                SELECT 7 AS id, 'msg_abc' AS messageId, 'sms' AS channel, '+33639981203' AS destination, 'messaging.urgent' AS event,
                       'Rappeler Mme Durand' AS payload, 'urgent' AS urgency, 'msg_roux' AS reference, 'dead' AS status, 5 AS attempts,
                       'gave up after 5 attempts; last: connection refused' AS lastError, 0.0 AS createdAt, 10.0 AS updatedAt,
                       0.0 AS nextAttemptAt, NULL AS parentId, NULL AS providerMessageId, NULL AS providerStatus, NULL AS providerStatusAt
                """)!
        }
        let record = DeliveryFailureRecord(OutboxMessage(row: row), handlings: [.init(handledBy: "messaging", reference: "cb_1", summary: "x")])
        let line = OutboxCourier.logLine(record)
        for part in ["msg_abc", "sms", "messaging.urgent", "msg_roux", "attempts=5", "connection refused", "messaging (cb_1)"] {
            #expect(line.contains(part), "\(line) lacks \(part)")
        }
        #expect(!line.contains("39981203"))
        #expect(!line.contains("Durand"))
        let nobody = OutboxCourier.logLine(DeliveryFailureRecord(OutboxMessage(row: row), handlings: []))
        #expect(nobody.contains("no module"))
    }

    @Test("notify.failures: retrying rows without the receiver's body, filters, pages, role")
    func listing() async throws {
        let receiver = try WebhookReceiver(secrets: [Self.secret])
        let yaml = "notify:\n  webhooks:\n    - {id: cabinet, url: \"\(receiver.baseURL)/p/503/hook\", secret: \(Self.secret)}\n"
        let h = try await NotifyHarness(yaml: yaml)
        let retrying = try await h.enqueue(NotifyHarness.webhook(to: "cabinet", urgency: .normal))
        try await h.settle()
        _ = try await receiver.waitFor(1)
        var ids: [Int64] = []
        for _ in 0..<3 {
            ids.append(
                try await h.enqueue(
                    Outbox.Item(
                        channel: "sms", destination: "+33639981201", event: "escalation.page",
                        payload: "x", urgency: .urgent, reference: "inc_1")))
        }
        try await h.settle() // no SMS gateway configured: refused at once, dead without an attempt
        let dead = try await h.call("notify.failures", ["limit": 2], role: .secretary)
        #expect(dead["items"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == [ids[2], ids[1]].map(String.init))
        let cursor = try #require(dead["nextCursor"])
        let next = try await h.call("notify.failures", ["limit": 2, "cursor": cursor], role: .secretary)
        #expect(next["items"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == [String(ids[0])])
        #expect(next["nextCursor"] == nil)

        let pending = try await h.call("notify.failures", ["status": "retrying"], role: .secretary)["items"]?.arrayValue ?? []
        #expect(pending.map { $0["id"]?.stringValue } == [String(retrying)])
        #expect(pending.first?["status"] == "pending")
        #expect(pending.first?["lastError"] == "HTTP 503", "the receiver's body is cut")
        #expect(pending.first?["nextAttemptAt"] != nil)
        #expect(try await h.call("notify.failures", ["status": "all", "channel": "webhook"])["items"]?.arrayValue?.count == 1)

        for (params, field) in [
            (["status": "lost"], "status"), (["limit": 201], "limit"), (["cursor": "abc"], "cursor"),
            (["channel": "fax"], "channel")
        ] as [(JSONValue, String)] {
            let error = await #expect(throws: RPCError.self) { try await h.call("notify.failures", params) }
            #expect(error?.data?["field"]?.stringValue == field)
        }
        let forbidden = await #expect(throws: RPCError.self) { try await h.call("notify.failures", role: .integration) }
        #expect(forbidden?.code == .forbidden)
        await h.shutdown()
        receiver.stop()
    }

    @Test("notify.retry sends a pending row now instead of in 30 minutes, keeping its schedule")
    func retryPending() async throws {
        let receiver = try WebhookReceiver(secrets: [Self.secret])
        let yaml = "notify:\n  webhooks:\n    - {id: cabinet, url: \"\(receiver.baseURL)/p/500,500,500,200/hook\", secret: \(Self.secret)}\n"
        let h = try await NotifyHarness(yaml: yaml)
        let id = try await h.enqueue(NotifyHarness.webhook(to: "cabinet", urgency: .normal))
        try await h.settle()
        h.clock.advance(by: 5)
        try await h.settle()
        h.clock.advance(by: 300)
        try await h.settle()
        let waiting = try await h.call("notify.get", ["id": .string(String(id))])["message"]!
        #expect(waiting["status"] == "pending")
        #expect(waiting["attempts"]?.intValue == 3)
        let next = try #require(waiting["nextAttemptAt"]?.stringValue.flatMap(RFC3339.parse))
        #expect(next.timeIntervalSince(h.clock.now()) == 1800)

        let retried = try await h.call("notify.retry", ["id": .string(String(id))])
        #expect(retried["status"] == "pending")
        #expect(retried["attempts"]?.intValue == 3, "a pending row keeps its schedule")
        #expect(retried["nextAttemptAt"]?.stringValue.flatMap(RFC3339.parse) == h.clock.now())
        try await h.settle()
        let sent = try await h.call("notify.get", ["id": .string(String(id))])["message"]!
        #expect(sent["status"] == "delivered")
        #expect(try await h.attempts(id).count == 4)
        #expect(try await receiver.waitFor(4).count == 4)
        let delivered = await #expect(throws: RPCError.self) { try await h.call("notify.retry", ["id": .string(String(id))]) }
        #expect(delivered?.code == .conflict)
        await h.shutdown()
        receiver.stop()
    }

    @Test("notify.retryAll sends the dead and pending rows of a channel now, at most limit at a time")
    func retryAll() async throws {
        let receiver = try WebhookReceiver(secrets: [])
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("notify-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let h = try await NotifyHarness(yaml: Self.gatewayConfig(Self.closedURL), store: try Store(path: path))
        var ids: [Int64] = []
        for i in 0..<3 { ids.append(try await h.enqueue(Self.urgentSMS(reference: "m\(i)"))) }
        for id in ids { #expect(try await h.runUntilSettled(id)["status"]?.stringValue == "dead") }
        let pending = try await h.enqueue(
            Outbox.Item(
                channel: "sms", destination: "+33639981201", event: "messaging.received",
                payload: "y", urgency: .normal, reference: "m9"))
        try await h.settle()
        #expect(try await h.call("notify.get", ["id": .string(String(pending))])["message"]?["status"] == "pending")
        await h.shutdown()

        // The gateway is back (same database, new configuration).
        let h2 = try await NotifyHarness(yaml: Self.gatewayConfig(receiver.baseURL), store: try Store(path: path), start: h.clock.now())
        let first = try await h2.call("notify.retryAll", ["channel": "sms", "limit": 3])
        #expect(first["retried"]?.intValue == 3)
        #expect(first["remaining"]?.intValue == 1)
        #expect(first["ids"]?.arrayValue?.compactMap(\.stringValue) == ids.map(String.init))
        try await h2.settle()
        #expect(try await receiver.waitFor(3).count == 3)
        // The pending row would wait for its next attempt (5 s away on a stopped clock): sent now too.
        let rest = try await h2.call("notify.retryAll", ["channel": "sms", "status": "pending"])
        #expect(rest["ids"]?.arrayValue?.compactMap(\.stringValue) == [String(pending)])
        try await h2.settle()
        #expect(try await receiver.waitFor(4).count == 4)
        for id in ids + [pending] {
            #expect(try await h2.call("notify.get", ["id": .string(String(id))])["message"]?["status"] == "delivered")
        }
        #expect(try await h2.call("notify.failures", role: .secretary)["items"]?.arrayValue == [])

        let noFilter = await #expect(throws: RPCError.self) { try await h2.call("notify.retryAll", [:]) }
        #expect(noFilter?.data?["field"] == "channel")
        let badLimit = await #expect(throws: RPCError.self) { try await h2.call("notify.retryAll", ["event": "x", "limit": 1001]) }
        #expect(badLimit?.data?["field"] == "limit")
        let forbidden = await #expect(throws: RPCError.self) { try await h2.call("notify.retryAll", ["channel": "sms"], role: .staff) }
        #expect(forbidden?.code == .forbidden)
        await h2.shutdown()
        receiver.stop()
    }
}

/// What the failure listener of a test was offered.
extension NotifyFailuresTests {
    /// Whether `db` is inside a transaction that has written already (the row marked dead): GRDB says
    /// so; on PostgreSQL the transaction has an id only once it wrote.
    static func insideWriteTransaction(_ db: any StoreConnection) throws -> Bool {
        if let db = db as? Database { return db.isInsideTransaction }
        return try db.value(Bool.self, "SELECT txid_current_if_assigned() IS NOT NULL") ?? false
    }
}

final class FailureLog: Sendable {
    struct Entry: Sendable {
        let failure: DeliveryFailureRouter.Failure
        let insideTransaction: Bool
        let rowStatus: String?
    }
    private let entries = Mutex<[Entry]>([])
    func append(_ failure: DeliveryFailureRouter.Failure, insideTransaction: Bool, rowStatus: String?) {
        entries.withLock { $0.append(Entry(failure: failure, insideTransaction: insideTransaction, rowStatus: rowStatus)) }
    }
    var all: [Entry] { entries.withLock { $0 } }
}
