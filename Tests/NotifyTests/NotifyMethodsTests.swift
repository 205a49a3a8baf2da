import Foundation
import JSONRPC
import Kernel
import Notify
import Testing

/// Configuration validation and the `notify.*` methods' rules.
@Suite("Notify configuration and methods", .serialized)
struct NotifyMethodsTests {
    static let closedURL = "http://127.0.0.1:\(WebhookReceiver.closedPort())/hook"

    @Test("the example practice's notify section is valid")
    func exampleConfiguration() throws {
        let document = try ConfigurationDocument(yaml: ExamplePracticeText.yaml)
        let settings = try NotifyConfiguration(document: document)
        #expect(settings.sms?.provider == .http)
        #expect(settings.sms?.from == "MSPTILLEULS")
        #expect(settings.webhooks.map(\.id) == ["logiciel-cabinet", "messagerie-astreinte"])
        #expect(settings.webhooks[1].accepts(event: "escalation.exhausted"))
        #expect(!settings.webhooks[1].accepts(event: "message.taken"))
    }

    @Test("every problem is reported with its path and line")
    func invalidConfiguration() throws {
        let yaml = """
            notify:
              sms:
                provider: carrier-pigeon
              webhooks:
                - id: a
                  url: ftp://example.org/hook
                  secret: whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw
                - id: a
                  url: https://example.org/hook
                  secret: not-a-secret
                  events: []
                  colour: blue
            """
        let document = try ConfigurationDocument(yaml: yaml)
        let error = try #require(throws: ConfigurationError.self) { try NotifyConfiguration(document: document) }
        let found = Dictionary(error.issues.map { ($0.path, $0.line) }, uniquingKeysWith: { a, _ in a })
        #expect(found["notify.sms.provider"] == 3)
        #expect(found["notify.webhooks[0].url"] == 6)
        #expect(found["notify.webhooks[1].id"] == 8)
        #expect(found["notify.webhooks[1].secret"] == 10)
        #expect(found["notify.webhooks[1].events"] == 11)
        #expect(found["notify.webhooks[1].colour"] == 12)
    }

    @Test("notify.leaseSeconds: 15 to 3600 seconds, 60 by default; anything else is named with its line", arguments: ["10", "4000", "soon", "90.5"])
    func leaseSecondsOutOfBounds(value: String) throws {
        let document = try ConfigurationDocument(yaml: "notify:\n  concurrency: 4\n  leaseSeconds: \(value)\n")
        let error = try #require(throws: ConfigurationError.self) { try NotifyConfiguration(document: document) }
        #expect(error.issues.map(\.path) == ["notify.leaseSeconds"])
        #expect(error.issues.first?.line == 3)
        #expect(try NotifyConfiguration(document: ConfigurationDocument(yaml: "notify:\n  leaseSeconds: 15\n")).leaseSeconds == 15)
        #expect(try NotifyConfiguration(document: ConfigurationDocument(yaml: "notify:\n  concurrency: 4\n")).leaseSeconds == 60)
    }

    @Test("notify.test validates its target")
    func testMethodErrors() async throws {
        let h = try await NotifyHarness(
            yaml: "notify:\n  webhooks:\n    - {id: cabinet, url: \"\(Self.closedURL)\", secret: whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw}\n")
        await #expect(throws: RPCError.notFound("webhook endpoint nope", field: "to")) {
            try await h.call("notify.test", ["channel": "webhook", "to": "nope"])
        }
        let noGateway = await #expect(throws: RPCError.self) { try await h.call("notify.test", ["channel": "sms", "to": "0612345678"]) }
        #expect(noGateway?.data?["field"] == "channel")
        let badChannel = await #expect(throws: RPCError.self) { try await h.call("notify.test", ["channel": "fax", "to": "x"]) }
        #expect(badChannel?.data?["field"] == "channel")
        let badUrgency = await #expect(throws: RPCError.self) {
            try await h.call("notify.test", ["channel": "webhook", "to": "cabinet", "urgency": "later"])
        }
        #expect(badUrgency?.code == .invalidParams && badUrgency?.data?["field"] == "urgency")
        let ok = try await h.call("notify.test", ["channel": "webhook", "to": "cabinet"])
        #expect(ok["event"]?.stringValue == "notify.test")
        #expect(ok["messageId"]?.stringValue?.hasPrefix("msg_") == true)
        let payload = try JSONParser.parse(try #require(ok["payload"]?.stringValue))
        #expect(payload["type"] == "notify.test")
        await h.shutdown()
    }

    @Test("notify.list, notify.get and notify.retry: filters, not found, pending sent now, role")
    func listGetRetry() async throws {
        let h = try await NotifyHarness(
            yaml: "notify:\n  webhooks:\n    - {id: cabinet, url: \"\(Self.closedURL)\", secret: whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw}\n")
        let id = try await h.enqueue(NotifyHarness.webhook(to: "cabinet"))
        try await h.settle()
        #expect(try await h.call("notify.list", ["status": "pending"])["items"]?.arrayValue?.count == 1)
        #expect(try await h.call("notify.list", ["since": "2030-01-01T00:00:00+01:00"])["items"]?.arrayValue?.count == 0)
        let badStatus = await #expect(throws: RPCError.self) { try await h.call("notify.list", ["status": "lost"]) }
        #expect(badStatus?.data?["field"] == "status")
        let badLimit = await #expect(throws: RPCError.self) { try await h.call("notify.list", ["limit": 0]) }
        #expect(badLimit?.data?["field"] == "limit")
        let missing = await #expect(throws: RPCError.self) { try await h.call("notify.get", ["id": "999"]) }
        #expect(missing?.code == .notFound)
        // A pending row is made due now and keeps its schedule.
        let pendingNow = try await h.call("notify.retry", ["id": .string(String(id))])
        #expect(pendingNow["status"]?.stringValue == "pending")
        #expect(pendingNow["attempts"]?.intValue == 1)
        let forbidden = await #expect(throws: RPCError.self) { try await h.call("notify.retry", ["id": .string(String(id))], role: .staff) }
        #expect(forbidden?.code == .forbidden)
        // Dead letter, then retry: a fresh urgent schedule of 5 attempts from now.
        #expect(try await h.runUntilSettled(id)["status"]?.stringValue == "dead")
        let retried = try await h.call("notify.retry", ["id": .string(String(id))])
        #expect(retried["status"]?.stringValue == "pending")
        #expect(retried["attempts"]?.intValue == 0)
        #expect(try await h.runUntilSettled(id)["status"]?.stringValue == "dead")
        #expect(try await h.attempts(id).count == 10)
        await h.shutdown()
    }

    @Test("notify.inboundSms normalises the sender and reports who handled the reply")
    func inboundSms() async throws {
        let h = try await NotifyHarness(yaml: "notify: {}\n")
        h.host.inboundSMS.register { message, _ in
            guard message.from == "+33612345678", message.text.hasPrefix("OK ") else { return nil }
            return .init(handledBy: "escalation", summary: "incident acknowledged", reference: String(message.text.dropFirst(3)))
        }
        let handled = try await h.call("notify.inboundSms", ["from": "06 12 34 56 78", "text": "OK 4821", "receivedAt": "2026-03-29T22:05:00+02:00"])
        #expect(handled["from"] == "+33612345678")
        #expect(handled["handled"] == true)
        #expect(handled["handledBy"] == "escalation")
        #expect(handled["reference"] == "4821")
        let ignored = try await h.call("notify.inboundSms", ["from": "+33 7 00 00 00 01", "text": "OK 4821"])
        #expect(ignored["handled"] == false)
        #expect(ignored["inboxId"] != nil, "kept in the inbox")
        let bad = await #expect(throws: RPCError.self) { try await h.call("notify.inboundSms", ["from": "12", "text": "OK"]) }
        #expect(bad?.data?["field"] == "from")
        await h.shutdown()
    }
}
