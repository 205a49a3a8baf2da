import Foundation
import GRDB
import JSONRPC
import Kernel
import PermanenceTesting
import Practice
import Testing

@testable import Messaging

/// The callback desk other modules use, the one renewal path, and dead urgent SMS coming back to the queue.
@Suite struct CallbackDeskTests {
    static let insulin: JSONValue = ["name": "Insuline glargine", "essential": true]

    /// Enqueues through the desk Messaging registered, in one write transaction.
    func enqueue(_ h: MessagingHarness, _ request: CallbackRequest) async throws -> QueuedCallback {
        let desk = try #require(h.host.services.resolve((any CallbackDesk).self))
        let now = h.clock.now()
        return try await h.host.store.write { db in try desk.enqueue(request, actor: "escalation", now: now, in: db) }
    }

    static func triage(urgent: Bool = true, patientId: String? = "pat-dupont") -> CallbackRequest {
        CallbackRequest(
            kind: .triageCallback, urgent: urgent, patientId: patientId, callerPhone: "06 12 34 56 78",
            callbackNumber: "06 12 34 56 78", text: "Appel pour une urgence\nCela peut-il attendre ? → Oui",
            source: "escalation", reference: "tri_1", recordsContact: false)
    }

    @Test func aTriageCallbackIsAMessageOfTheQueueWithItsWebhookAndEvent() async throws {
        let h = try await MessagingHarness(now: "2026-04-07T10:00:00+02:00")
        defer { Task { await h.shutdown() } }
        let queued = try await enqueue(h, Self.triage())
        #expect(queued.created)
        #expect(queued.urgent)
        #expect(queued.code.count == 6 && queued.code.hasPrefix("M"))
        // Urgent: the queue's rule, urgentCallbackHours (2 h) after now.
        #expect(queued.dueAt == instant("2026-04-07T12:00:00+02:00"))

        let list = try await h.ok("messaging.list", [:])
        #expect(list["count"] == 1)
        let item = try #require(list["messages"]?.arrayValue?.first)
        #expect(item["id"]?.stringValue == queued.messageId)
        #expect(item["kind"] == "triageCallback")
        #expect(item["urgency"] == "urgent")
        #expect(item["callbackNumber"] == "+33612345678")
        #expect(item["text"]?.stringValue?.hasPrefix("Appel pour une urgence") == true)
        #expect(item["origin"] == ["source": "escalation", "reference": "tri_1"])
        #expect(item["sms"] == nil, "no SMS was asked for")
        let rows = try await h.outbox()
        #expect(rows.map(\.event) == ["messaging.received"])
        #expect(rows.first?.reference == queued.messageId)
        // The event reaches the consoles after the commit.
        let event = try await h.events.wait("messaging.received")
        #expect(event["id"]?.stringValue == queued.messageId)
        // The triage journaled the call itself.
        #expect(try await h.contacts(reference: queued.messageId).isEmpty)
    }

    @Test func aGivenDeadlineIsKeptAndTheSameOriginIsNotQueuedTwice() async throws {
        let h = try await MessagingHarness(now: "2026-04-07T10:00:00+02:00")
        defer { Task { await h.shutdown() } }
        var request = Self.triage(urgent: false)
        request.dueAt = instant("2026-04-07T16:45:00+02:00")
        let first = try await enqueue(h, request)
        #expect(first.dueAt == instant("2026-04-07T16:45:00+02:00"))
        let again = try await enqueue(h, request)
        #expect(!again.created)
        #expect(again.messageId == first.messageId)
        #expect(try await h.ok("messaging.list", [:])["count"] == 1)
    }

    @Test func aRenewalFromTheTriageAndOneFromTheMethodAreOneMessage() async throws {
        let h = try await MessagingHarness(now: "2026-04-07T10:00:00+02:00")
        defer { Task { await h.shutdown() } }
        let fromTriage = try await enqueue(
            h,
            CallbackRequest(
                kind: .prescriptionRenewal, urgent: false, patientId: "pat-moreau", callerPhone: "06 11 22 33 44",
                callbackNumber: "06 11 22 33 44", text: "Renouvellement d'ordonnance\nAvez-vous déjà épuisé votre stock ? → Non",
                source: "escalation", reference: "tri_2", recordsContact: false))
        #expect(fromTriage.created)

        // The secretary then uses the method for the same patient: it joins, the deadline holds.
        let joined = try await h.ok(
            "messaging.prescriptionRenewal",
            [
                "patientId": "pat-moreau", "medications": [["name": "Lévothyroxine 75 µg"]], "stock": "runningLow"
            ])
        #expect(joined["joined"] == true)
        #expect(joined["message"]?["id"]?.stringValue == fromTriage.messageId)
        #expect(joined["message"]?["dueAt"]?.stringValue.flatMap { RFC3339.parse($0) } == fromTriage.dueAt)
        #expect(joined["message"]?["renewal"]?["medications"]?.arrayValue?.first?["name"] == "Lévothyroxine 75 µg")
        #expect(joined["message"]?["text"]?.stringValue?.contains("Lévothyroxine") == true)
        let list = try await h.ok("messaging.list", [:])
        #expect(list["count"] == 1)
        // A call is a contact, even when it joins.
        #expect(try await h.contacts(reference: fromTriage.messageId).count == 1)

        // A second request from the triage joins too.
        let second = try await enqueue(
            h,
            CallbackRequest(
                kind: .prescriptionRenewal, urgent: false, patientId: "pat-moreau", text: "Renouvellement d'ordonnance (rappel)",
                source: "escalation", reference: "tri_3", recordsContact: false))
        #expect(!second.created)
        #expect(second.messageId == fromTriage.messageId)
        #expect(try await h.ok("messaging.list", [:])["count"] == 1)
    }

    @Test func renewalsForOnePatientArrivingTogetherMakeOneMessage() async throws {
        let h = try await MessagingHarness(now: "2026-04-07T10:00:00+02:00")
        defer { Task { await h.shutdown() } }
        let names = ["Paracétamol 1 g", "Levothyrox 75 µg", "Kardégic 75 mg", "Amlodipine 5 mg", "Metformine 850 mg", "Atorvastatine 20 mg"]
        let results = try await withThrowingTaskGroup(of: JSONValue.self) { group in
            for name in names {
                group.addTask {
                    try await h.ok("messaging.prescriptionRenewal", ["patientId": "pat-moreau", "medications": [["name": .string(name)]], "stock": "enough"])
                }
            }
            return try await group.reduce(into: [JSONValue]()) { $0.append($1) }
        }
        let ids = Set(results.compactMap { $0["message"]?["id"]?.stringValue })
        #expect(ids.count == 1, "\(ids.count) renewal messages for one patient")
        #expect(results.filter { $0["joined"] == true }.count == names.count - 1)
        #expect(try await h.ok("messaging.list", [:])["count"] == 1)
        let listed = try await h.ok("messaging.get", ["messageId": .string(ids.first ?? "")])
        let medications = listed["message"]?["renewal"]?["medications"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
        #expect(Set(medications) == Set(names), "\(medications)")
    }

    @Test func anEssentialTreatmentOutOfStockMakesTheOpenRenewalUrgentWithOneSMS() async throws {
        let h = try await MessagingHarness(now: "2026-04-07T10:00:00+02:00")
        defer { Task { await h.shutdown() } }
        let first = try await h.ok(
            "messaging.prescriptionRenewal",
            [
                "patientId": "pat-moreau", "medications": [["name": "Paracétamol 1 g"]], "stock": "enough"
            ])
        #expect(first["message"]?["urgency"] == "normal")
        let urgent = try await h.ok(
            "messaging.prescriptionRenewal",
            [
                "patientId": "pat-moreau", "medications": [Self.insulin], "stock": "out", "callbackNumber": "06 11 22 33 44",
                "practitionerId": "dr-benali"
            ])
        #expect(urgent["joined"] == true)
        #expect(urgent["message"]?["id"] == first["message"]?["id"])
        #expect(urgent["message"]?["urgency"] == "urgent")
        #expect(urgent["urgentPath"] == "sms")
        let firstDue = try #require(first["message"]?["dueAt"]?.stringValue.flatMap { RFC3339.parse($0) })
        let urgentDue = try #require(urgent["message"]?["dueAt"]?.stringValue.flatMap { RFC3339.parse($0) })
        #expect(urgentDue < firstDue, "made urgent, the deadline moves earlier")
        #expect(urgentDue == instant("2026-04-07T12:00:00+02:00"))
        #expect(urgent["message"]?["renewal"]?["stock"] == "out")
        let sms = try await h.outbox().filter { $0.channel == "sms" }
        #expect(sms.map(\.destination) == ["+33639981202"])
        #expect(urgent["delivery"]?["sms"]?["to"] == "+33639981202")
        #expect(try await h.ok("messaging.list", [:])["count"] == 1)
        _ = try await h.events.wait("messaging.urgencyRaised")
    }

    @Test func aMessageShowsItsUrgentSMSState() async throws {
        let h = try await MessagingHarness(now: "2026-04-07T10:00:00+02:00")
        defer { Task { await h.shutdown() } }
        let taken = try await h.take(urgency: "urgent", practitionerId: "dr-roux")
        let id = try #require(taken["message"]?["id"])
        let pending = try await h.ok("messaging.get", ["messageId": id])
        #expect(pending["message"]?["sms"]?["status"] == "pending")
        #expect(pending["message"]?["sms"]?["attempts"] == 0)
        #expect(pending["message"]?["sms"]?["to"] == pending["message"]?["smsTo"])
        try await h.host.store.write { db in
            try db.run("UPDATE outbox SET status = 'delivered', attempts = 1 WHERE channel = 'sms'")
        }
        let listed = try await h.ok("messaging.list", [:])
        #expect(listed["messages"]?.arrayValue?.first?["sms"]?["status"] == "delivered")
        #expect(listed["messages"]?.arrayValue?.first?["sms"]?["attempts"] == 1)
    }

    @Test func aDeadUrgentSMSPutsAnAlertAtTheTopOfTheQueue() async throws {
        let h = try await MessagingHarness(now: "2026-04-07T10:00:00+02:00")
        defer { Task { await h.shutdown() } }
        // An earlier normal message, due first: the alert still comes first.
        _ = try await h.take(urgency: "normal", patientId: "pat-leroy")
        let taken = try await h.take(urgency: "urgent", practitionerId: "dr-roux")
        let messageId = try #require(taken["message"]?["id"]?.stringValue)
        let code = try #require(taken["message"]?["code"]?.stringValue)
        let mobile = try #require(h.plugin.service.directory.practitioners.first { $0.id == "dr-roux" }?.mobile)

        // Notify gives the SMS up: the row is marked dead and routed in the same transaction.
        let host = h.host
        let handlings = try await host.store.write { db -> [DeliveryFailureRouter.Handling] in
            let row = try #require(try db.row("SELECT messageId, destination FROM outbox WHERE channel = 'sms'"))
            try db.run("UPDATE outbox SET status = 'dead', attempts = 1, lastError = 'rejected with HTTP 400; not retried' WHERE channel = 'sms'")
            return try host.deliveryFailures.route(
                .init(
                    messageId: row["messageId"], channel: "sms", destination: row["destination"], event: "messaging.urgent", urgency: .urgent,
                    reference: messageId, attempts: 1, lastError: "rejected with HTTP 400; not retried", at: host.clock.now()), in: db)
        }
        #expect(handlings.map(\.handledBy) == ["messaging"])

        let list = try await h.ok("messaging.list", [:])
        #expect(list["count"] == 3)
        let alert = try #require(list["messages"]?.arrayValue?.first)
        #expect(alert["kind"] == "undeliveredAlert")
        #expect(alert["urgency"] == "urgent")
        #expect(alert["callbackNumber"]?.stringValue == mobile)
        #expect(alert["practitionerId"] == "dr-roux")
        let text = try #require(alert["text"]?.stringValue)
        #expect(text.hasPrefix("Alerte non délivrée : appeler le Dr"), "\(text)")
        #expect(text.contains("Roux"))
        #expect(text.contains("(message \(code))"))
        #expect(text.contains("06 12 34 56 78"), "the number the patient waits on")
        // The original message shows its SMS failed.
        let original = try #require(list["messages"]?.arrayValue?.first { $0["id"]?.stringValue == messageId })
        #expect(original["sms"]?["status"] == "failed")
        #expect(original["sms"]?["lastError"] == "rejected with HTTP 400; not retried")
        let event = try await h.events.wait("messaging.received", index: 2)
        #expect(event["kind"] == "undeliveredAlert")

        // A non-urgent or webhook failure is not an alert.
        let ignored = try await host.store.write { db in
            try host.deliveryFailures.route(
                .init(
                    messageId: "msg_x", channel: "webhook", destination: "logiciel-cabinet",
                    event: "messaging.received", urgency: .normal, reference: messageId, attempts: 5,
                    lastError: "HTTP 500", at: host.clock.now()), in: db)
        }
        #expect(ignored.isEmpty)
    }

    /// A fallback after Messaging's fails: the savepoint the listeners ran in is undone (as Notify
    /// runs them), and with it the alert Messaging queued, whose `messaging.received` is never heard
    /// (nor, on PostgreSQL, written for the other nodes).
    @Test func anAlertUndoneWithAFailingListenerIsNeverAnnounced() async throws {
        let h = try await MessagingHarness(now: "2026-04-07T10:00:00+02:00")
        defer { Task { await h.shutdown() } }
        let taken = try await h.take(urgency: "urgent", practitionerId: "dr-roux")
        let messageId = try #require(taken["message"]?["id"]?.stringValue)
        _ = try await h.events.wait("messaging.received")
        struct Refused: Error {}
        let host = h.host
        host.deliveryFailures.registerFallback { _, _ in throw Refused() }
        let refused = try await host.store.write { db -> Bool in
            let row = try #require(try db.row("SELECT messageId, destination FROM outbox WHERE channel = 'sms'"))
            try db.run("UPDATE outbox SET status = 'dead', attempts = 1, lastError = 'rejected with HTTP 400; not retried' WHERE channel = 'sms'")
            do {
                _ = try db.savepoint {
                    try host.deliveryFailures.route(
                        .init(
                            messageId: row["messageId"], channel: "sms", destination: row["destination"], event: "messaging.urgent",
                            urgency: .urgent, reference: messageId, attempts: 1, lastError: "rejected with HTTP 400; not retried",
                            at: host.clock.now()), in: db)
                }
                return false
            } catch is Refused {
                return true
            }
        }
        #expect(refused, "the failing fallback ran")
        // The next message's event comes after any the alert would have had.
        _ = try await h.take(urgency: "normal", patientId: "pat-leroy")
        _ = try await h.events.wait("messaging.received", index: 1)
        let kinds = h.events.params("messaging.received").map { $0["kind"]?.stringValue }
        #expect(kinds.count == 2 && !kinds.contains("undeliveredAlert"), "\(kinds)")
        #expect(try await h.ok("messaging.list", [:])["count"] == 2, "the alert went with the savepoint")
        if host.store.engine == .postgresql {
            let shared = try await host.store.read { db in
                try db.value(Int.self, "SELECT COUNT(*) FROM kernel_event WHERE topic = 'messaging.received'")
            }
            #expect(shared == 2)
        }
    }
}
