import Foundation
import GRDB
import Kernel
import Testing

/// `Outbox.deliveries`: the delivery state a module shows next to what it sent, and the router
/// that hands a row given up to the module behind it.
@Suite struct OutboxDeliveryTests {
    @Test(
        "outbox statuses map to the words users see",
        arguments: [
            ("pending", Outbox.Delivery.Status.pending), ("inflight", .sent), ("delivered", .delivered), ("dead", .failed)
        ])
    func statusWords(_ outbox: String, _ word: Outbox.Delivery.Status) {
        #expect(Outbox.Delivery.Status(outboxStatus: outbox) == word)
    }

    @Test("deliveries are read by reference, oldest first, channel filtered, fanned-out parents left out")
    func byReference() async throws {
        let t = try await TestHost()
        let now = t.clock.now()
        try await t.host.store.write { db in
            try Outbox.enqueue(
                .init(
                    channel: "sms", destination: "+33639981203", event: "messaging.urgent", payload: "a",
                    urgency: .urgent, reference: "mes_1"), practiceId: t.host.practiceId, in: db, now: now)
            try Outbox.enqueue(
                .init(
                    channel: "webhook", destination: "*", event: "messaging.received", payload: "{}",
                    urgency: .normal, reference: "mes_1"), practiceId: t.host.practiceId, in: db, now: now)
            try Outbox.enqueue(
                .init(
                    channel: "sms", destination: "+33639981203", event: "messaging.urgent", payload: "b",
                    urgency: .urgent, reference: "mes_1"), practiceId: t.host.practiceId, in: db, now: now)
            try Outbox.enqueue(
                .init(
                    channel: "sms", destination: "+33639981201", event: "escalation.page", payload: "c",
                    urgency: .urgent, reference: "inc_1"), practiceId: t.host.practiceId, in: db, now: now)
            try db.run("UPDATE outbox SET status = 'dead', attempts = 5, lastError = 'gave up' WHERE payload = 'a'")
            try db.run("UPDATE outbox SET status = 'fannedOut' WHERE destination = '*'")
        }
        let all = try await t.host.store.read { db in try Outbox.deliveries(reference: "mes_1", in: db) }
        #expect(all.map(\.status) == [.failed, .pending])
        #expect(all.first?.state == Outbox.DeliveryState(to: "+33639981203", status: .failed, attempts: 5, lastError: "gave up"))
        let both = try await t.host.store.read { db in try Outbox.deliveries(references: ["mes_1", "inc_1", "none"], channel: "sms", in: db) }
        #expect(both["mes_1"]?.count == 2)
        #expect(both["inc_1"]?.map(\.event) == ["escalation.page"])
        #expect(both["none"] == nil)
    }

    @Test("a failure goes to the listeners; the fallbacks get only what no listener took")
    func fallbacks() async throws {
        let router = DeliveryFailureRouter()
        router.register { f, _ in f.event == "escalation.page" ? .init(handledBy: "escalation", reference: nil, summary: "") : nil }
        router.registerFallback { f, _ in f.urgency == .urgent ? .init(handledBy: "messaging", reference: nil, summary: "") : nil }
        let t = try await TestHost()
        func route(_ event: String, _ urgency: Outbox.Urgency) async throws -> [String] {
            try await t.host.store.write { db in
                try router.route(
                    .init(
                        messageId: "msg_1", channel: "sms", destination: "+33639981201", event: event, urgency: urgency,
                        reference: nil, attempts: 1, lastError: nil, at: TestHost.t0), in: db
                ).map(\.handledBy)
            }
        }
        #expect(try await route("escalation.page", .urgent) == ["escalation"])
        #expect(try await route("messaging.urgent", .urgent) == ["messaging"])
        #expect(try await route("agenda.reminder", .normal) == [])
    }
}
