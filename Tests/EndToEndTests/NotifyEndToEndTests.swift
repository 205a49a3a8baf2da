import Foundation
import JSONRPC
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Notify with the built executable: the outbox survives SIGKILL; failures, the inbox, number forms and retries (below).
@Suite("Notify end to end", .serialized)
struct NotifyEndToEndTests {
    @Test("SIGKILL with 1,000 webhooks pending: after a restart all 1,000 arrive, each with the webhook-id it had")
    func killWithPendingWebhooks() throws {
        let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
        let receiver = try NotifyGatedReceiver(secret: secret)
        defer { receiver.stop() }
        let example = try Executable.run(["config", "example"])
        #expect(example.status == 0)
        let config = example.stdout.replacingOccurrences(
            of: "http://127.0.0.1:9/hooks/permanence",
            with: "http://127.0.0.1:\(receiver.port)/hooks/permanence")
        #expect(config.contains("\(receiver.port)"))
        var server = try ServerProcess.tcp(config: config)
        defer { server.stop() }
        let client = try server.client(role: "admin")

        // 1,000 test events to the practice's endpoint; each row gets its webhook-id at enqueue.
        var enqueued: [String] = []
        for _ in 0..<1000 {
            let m = try client.result("notify.test", ["channel": "webhook", "to": "logiciel-cabinet"])
            enqueued.append(try #require(m["messageId"]?.stringValue))
        }
        let expected = Set(enqueued)
        #expect(expected.count == 1000)
        // The receiver holds the first requests unanswered: those rows are in flight, the rest pending.
        let held = try receiver.wait(seconds: 30) { !$0.isEmpty }
        let backlog = try client.result("kernel.status")["outbox"]
        #expect((backlog?["pending"]?.intValue ?? 0) + (backlog?["inflight"]?.intValue ?? 0) == 1000)
        server.kill(signal: SIGKILL)
        let firstLife = Set(receiver.records.map(\.webhookID))
        #expect(firstLife.isSubset(of: expected))
        #expect(!held.isEmpty)

        receiver.openGate()
        server = try server.restart()
        let all = try receiver.wait(seconds: 120) { records in
            Set(records.map(\.webhookID)).isSuperset(of: expected)
        }
        let secondLife = all.dropFirst(firstLife.count)
        #expect(Set(all.map(\.webhookID)) == expected, "every webhook-id received was assigned before the kill")
        #expect(Set(secondLife.map(\.webhookID)) == expected, "after the restart all 1,000 arrive")
        #expect(firstLife.isSubset(of: Set(secondLife.map(\.webhookID))), "in-flight rows are sent again with the same id")
        let rejected = all.filter { !$0.verified }
        #expect(rejected.isEmpty, "standardwebhooks rejected \(rejected.count): \(rejected.first?.error ?? "")")
        // The last results are written just after the receipts: subscribe first, then add what is
        // already delivered to what the events announce, until all 1,000 rows say delivered.
        let after = try server.client(role: "admin")
        _ = try after.result("events.subscribe", ["topics": ["notify.delivered"]])
        var delivered = Set(
            try after.allPages("notify.list", ["status": "delivered", "limit": 200])
                .compactMap { $0["id"]?.stringValue })
        while delivered.count < 1000 {
            let event = try after.nextNotification("notify.delivered")
            if let id = event["params"]?["id"]?.stringValue { delivered.insert(id) }
        }
        #expect(delivered.count == 1000)
    }
}

/// An RFC 3339 instant from the wire.
private func instant(_ text: String) -> Date? {
    let plain = ISO8601DateFormatter()
    let fractional = ISO8601DateFormatter()
    fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    return plain.date(from: text) ?? fractional.date(from: text)
}

/// Promises that must reach a person: an undelivered SMS comes back to people, unhandled replies are
/// kept, practitioners' replies match whatever form their number comes in, and a backlog can be sent now.
extension NotifyEndToEndTests {
    /// The example practice with every outgoing URL (SMS gateway, webhooks) pointed at `base`.
    static func configuration(base: String) throws -> String {
        let example = try Executable.run(["config", "example"])
        guard example.status == 0 else { throw HarnessError("config example failed: \(example.stderr)") }
        return example.stdout.replacingOccurrences(of: "http://127.0.0.1:9/", with: base + "/")
    }

    /// Calls `notify.get` until the row satisfies `done` (each call is a round trip; at most 10 s):
    /// deliveries happen on the server's own time.
    static func waitForRow(_ client: LineClient, _ id: String, _ done: (JSONValue) -> Bool) throws -> JSONValue {
        let deadline = Date().addingTimeInterval(10)
        while true {
            let message = try client.result("notify.get", ["id": .string(id)])["message"] ?? .null
            if done(message) { return message }
            if Date() > deadline { throw HarnessError("row \(id) never reached the expected state: \(JSONWriter.string(message))") }
        }
    }

    @Test("gateway down: the urgent SMS dies after 5 attempts; an error line on stderr, notify.failed, and notify.failures for a secretary, without the text")
    func deadUrgentSMS() throws {
        let down = try HTTPReceiver()
        down.stop() // nothing listens there any more: connection refused
        let server = try ServerProcess.tcp(config: try Self.configuration(base: down.baseURL), clock: "2026-03-10T12:00:00+01:00")
        defer { server.stop() }
        let secretary = try server.client(role: "secretary")
        let admin = try server.client(role: "admin")
        _ = try admin.result("events.subscribe", ["topics": ["notify.failed"]])

        let taken = try secretary.result(
            "messaging.take",
            [
                "category": "results", "text": "Résultats de prise de sang très anormaux, rappeler la patiente.",
                "callbackNumber": "06 12 34 56 78", "urgency": "urgent", "practitionerId": "dr-roux",
                "caller": ["name": "Jeanne Dupont", "phone": "06 12 34 56 78"]
            ])
        let messageId = try #require(taken["message"]?["id"]?.stringValue)
        let sms = try #require(try admin.result("notify.list", ["channel": "sms"])["items"]?.arrayValue?.first { $0["reference"]?.stringValue == messageId })
        let rowId = try #require(sms["id"]?.stringValue)
        let text = try #require(sms["payload"]?.stringValue)
        // Each failed attempt is recorded before the clock moves to the next (urgent: 5 s, 30 s, 2 min, 5 min).
        for attempt in 1...4 {
            _ = try Self.waitForRow(admin, rowId) { $0["attempts"]?.intValue == attempt && $0["status"] == "pending" }
            _ = try admin.result("kernel.clock.set", ["advanceSeconds": 400])
        }
        let dead = try Self.waitForRow(admin, rowId) { $0["status"] == "dead" }
        #expect(dead["attempts"]?.intValue == 5)

        // The message's urgent webhook fails alongside; the SMS's own notice is the one with its row id.
        var failed = try admin.nextNotification("notify.failed")
        while failed["params"]?["id"]?.stringValue != rowId { failed = try admin.nextNotification("notify.failed") }
        #expect(failed["params"]?["id"]?.stringValue == rowId)
        #expect(failed["params"]?["reference"]?.stringValue == messageId)
        #expect(!JSONWriter.string(failed).contains(text))

        let page = try secretary.result("notify.failures", ["channel": "sms"])
        let item = try #require(page["items"]?.arrayValue?.first { $0["id"]?.stringValue == rowId })
        #expect(item["status"] == "dead")
        #expect(item["event"] == "messaging.urgent")
        #expect(item["urgency"] == "urgent")
        #expect(item["destination"] == "+33639981203", "the secretary can call Dr Roux")
        #expect(item["attempts"]?.intValue == 5)
        #expect(item["lastError"]?.stringValue?.contains("5 attempts") == true)
        #expect(item["payload"] == nil)
        #expect(!JSONWriter.string(page).contains(text), "no SMS text for a secretary")
        // The secretary still may not read the outbox itself.
        #expect(try secretary.call("notify.get", ["id": .string(rowId)])["error"]?["code"] == -32002)

        // The line is written as the row dies; stderr is read on the side, so wait for it.
        _ = try? server.waitForLog(containing: "notify: undelivered urgent sms \(sms["messageId"]?.stringValue ?? "?")")
        let errorLine = try #require(
            server.log.split(separator: "\n").first { $0.contains("notify: undelivered") && $0.contains(sms["messageId"]?.stringValue ?? "?") },
            "no error line on stderr: \(server.log)")
        #expect(errorLine.contains("error"))
        #expect(errorLine.contains("messaging.urgent") && errorLine.contains(messageId) && errorLine.contains("attempts=5"))
        #expect(!errorLine.contains("39981203") && !errorLine.contains("prise de sang"), "no number, no text in the log: \(errorLine)")
        for line in server.log.split(separator: "\n") where line.contains("undelivered") {
            #expect(!line.contains("39981203") && !line.contains("prise de sang"), "no number, no text in any module's line: \(line)")
        }
    }

    @Test("an SMS no module handles is kept in notify.inbox for a secretary, who marks it done")
    func unhandledReplyInInbox() throws {
        let gateway = try HTTPReceiver()
        defer { gateway.stop() }
        let server = try ServerProcess.tcp(config: try Self.configuration(base: gateway.baseURL), clock: "2026-03-10T12:00:00+01:00")
        defer { server.stop() }
        let bridge = try server.client(role: "integration")
        let reply = try bridge.result("notify.inboundSms", ["from": "06 39 98 12 02", "text": "Je suis au bloc jusqu'à 15 h, voyez avec Dr Roux"])
        #expect(reply["handled"] == false)
        let inboxId = try #require(reply["inboxId"]?.stringValue)

        let secretary = try server.client(role: "secretary")
        let inbox = try secretary.result("notify.inbox")
        let item = try #require(inbox["items"]?.arrayValue?.first)
        #expect(item["id"]?.stringValue == inboxId)
        #expect(item["text"] == "Je suis au bloc jusqu'à 15 h, voyez avec Dr Roux")
        #expect(item["status"] == "open")
        let done = try secretary.result("notify.inboxDone", ["id": .string(inboxId), "note": "message transmis au Dr Roux"])
        #expect(done["status"] == "done")
        #expect(try secretary.result("notify.inbox")["items"]?.arrayValue == [])
    }

    @Test("a reply from the national form 06 39 98 12 01 acknowledges the incident paged to Dr Martin's configured +33 6 39 98 12 01")
    func nationalFormAcknowledges() throws {
        let gateway = try HTTPReceiver()
        defer { gateway.stop() }
        let config = try Self.configuration(base: gateway.baseURL)
        #expect(config.contains(#"mobile: "+33639981201""#), "the example writes practitioners' mobiles in E.164, range 06 39 98")
        let server = try ServerProcess.tcp(config: config, clock: "2026-03-10T22:00:00+01:00")
        defer { server.stop() }
        let client = try server.client(role: "admin")
        let raised = try client.result("escalation.raise", ["caller": "+33612345678", "reason": "Malaise", "urgency": "urgent"])
        let incidentId = try #require(raised["incident"]?["id"])
        let code = try #require(raised["incident"]?["code"]?.stringValue)
        let page = try gateway.waitFor { $0.path == "/sms/send" }
        #expect(try JSONParser.parse(page.body)["to"] == "+33639981201")

        let reply = try client.result("notify.inboundSms", ["from": "06 39 98 12 01", "text": .string("OK \(code)")])
        #expect(reply["from"] == "+262639981201", "the national form 06 39 … is Mayotte's block")
        #expect(reply["handled"] == true)
        #expect(reply["handledBy"] == "escalation")
        let incident = try client.result("escalation.get", ["incidentId": incidentId])
        #expect(incident["status"] == "acknowledged")
        #expect(incident["acknowledgedVia"] == "sms")
        #expect(try client.result("notify.inbox")["items"]?.arrayValue == [], "an acknowledgement is not left in the inbox")
    }

    @Test("after an outage, notify.retry sends a pending SMS now instead of in two hours")
    func retryPendingNow() throws {
        let gateway = try HTTPReceiver(unavailableFirst: 1, retryAfterSeconds: 7200)
        defer { gateway.stop() }
        let server = try ServerProcess.tcp(config: try Self.configuration(base: gateway.baseURL), clock: "2026-03-10T12:00:00+01:00")
        defer { server.stop() }
        let admin = try server.client(role: "admin")
        let test = try admin.result("notify.test", ["channel": "sms", "to": "06 39 98 12 04"])
        let id = try #require(test["id"]?.stringValue)
        let waiting = try Self.waitForRow(admin, id) { $0["status"] == "pending" && $0["attempts"]?.intValue == 1 }
        let now = try #require(try admin.result("kernel.clock.set", ["advanceSeconds": 0])["now"]?.stringValue.flatMap(instant))
        let next = try #require(waiting["nextAttemptAt"]?.stringValue.flatMap(instant))
        #expect(next.timeIntervalSince(now) >= 7200, "the gateway asked for two hours")

        let retried = try admin.result("notify.retry", ["id": .string(id)])
        #expect(retried["status"] == "pending")
        #expect(retried["nextAttemptAt"]?.stringValue.flatMap(instant) == now)
        #expect(gateway.waitFor(count: 2, seconds: 10).count == 2, "sent again without the clock moving")
        let sent = try Self.waitForRow(admin, id) { $0["status"] == "delivered" }
        #expect(sent["attempts"]?.intValue == 2)
    }
}
