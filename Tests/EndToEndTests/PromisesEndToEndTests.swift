import Foundation
import JSONRPC
import Testing

/// Issue 17, "every promise has an owner", with the built executable over TCP: triage callbacks in
/// the callback queue, triage without a number, one renewal path, a dead urgent SMS and an
/// exhausted chain back at the top of the queue with an error line on the server's stderr.
@Suite("Promises end to end", .serialized)
struct PromisesEndToEndTests {
    /// The example practice with its SMS gateway and webhooks pointed at `receiver`.
    static func configuration(receiver: HTTPReceiver) throws -> String {
        let example = try Executable.run(["config", "example"])
        guard example.status == 0 else { throw HarnessError("config example failed: \(example.stderr)") }
        return example.stdout.replacingOccurrences(of: "http://127.0.0.1:9/", with: receiver.baseURL + "/")
    }

    static func createPatient(_ client: LineClient, _ lastName: String, phone: String) throws -> String {
        let created = try client.result(
            "patients.create",
            [
                "lastName": .string(lastName), "firstName": "Jeanne",
                "birthDate": "1951-06-02", "phone": .string(phone)
            ])
        guard let id = created["id"]?.stringValue else { throw HarnessError("no patient id: \(created)") }
        return id
    }

    @Test("finding 1: a triage that ends in a message puts it in messaging.list, linked to the session, and tells the consoles")
    func triageCallbackInTheQueue() throws {
        let receiver = try HTTPReceiver()
        defer { receiver.stop() }
        let server = try ServerProcess.tcp(config: try Self.configuration(receiver: receiver), clock: "2026-03-10T22:00:00+01:00")
        defer { server.stop() }
        let console = try server.client(role: "secretary")
        _ = try console.result("events.subscribe", ["topics": ["messaging.received"]])
        let client = try server.client(role: "secretary")

        var step = try client.result("triage.start", ["protocolId": "urgence", "caller": "06 12 34 56 78"])
        let session = try #require(step["sessionId"])
        for answer in ["Oui", "Non", "Oui"] { step = try client.result("triage.answer", ["sessionId": session, "choice": .string(answer)]) }
        let request = try #require(step["outcome"]?["callbackRequest"])
        #expect(step["outcome"]?["action"] == "message")
        #expect(request["queued"] == true)
        let id = try #require(request["id"]?.stringValue)
        #expect(id.hasPrefix("mes_"))

        let queue = try client.result("messaging.list", [:])
        let item = try #require(queue["messages"]?.arrayValue?.first { $0["id"]?.stringValue == id })
        #expect(item["kind"] == "triageCallback")
        #expect(item["urgency"] == "urgent")
        #expect(item["callbackNumber"] == "+33612345678")
        #expect(item["origin"]?["reference"] == session)
        #expect(item["text"]?.stringValue?.contains("Appel pour une urgence") == true)
        #expect(item["dueAt"] == request["dueAt"])
        let event = try console.nextNotification("messaging.received")
        #expect(event["params"]?["id"]?.stringValue == id)
        // The practice's software still gets its webhook.
        _ = try receiver.waitFor { $0.path == "/hooks/permanence" && $0.body.contains(id) }
    }

    @Test("finding 5: a withheld number is walked to « appelez le 15 »; a callback asks for a number, then is queued")
    func triageWithoutANumber() throws {
        let receiver = try HTTPReceiver()
        defer { receiver.stop() }
        let server = try ServerProcess.tcp(config: try Self.configuration(receiver: receiver), clock: "2026-03-10T22:00:00+01:00")
        defer { server.stop() }
        let client = try server.client(role: "secretary")

        let vital = try client.result("triage.start", ["protocolId": "urgence"])
        _ = try client.result("triage.answer", ["sessionId": vital["sessionId"]!, "choice": "Oui"])
        let samu = try client.result("triage.answer", ["sessionId": vital["sessionId"]!, "choice": "Oui"])
        #expect(samu["status"] == "outcome")
        #expect(samu["outcome"]?["action"] == "samu")
        #expect(samu["outcome"]?["number"] == "15")
        #expect(samu["outcome"]?["script"]?.stringValue?.contains("appelez le 15") == true)

        let other = try client.result("triage.start", ["protocolId": "urgence"])
        let asked = try client.result("triage.answer", ["sessionId": other["sessionId"]!, "choice": "Non"])
        #expect(asked["status"] == "needsCallbackNumber")
        #expect(asked["pending"]?["action"] == "message")
        let missing = try client.call("triage.answer", ["sessionId": other["sessionId"]!])
        #expect(missing["error"]?["code"] == -32602)
        #expect(missing["error"]?["data"]?["field"] == "callbackNumber")
        #expect(try client.result("messaging.list", [:])["count"] == 0, "nothing promised without a number")
        let done = try client.result("triage.answer", ["sessionId": other["sessionId"]!, "callbackNumber": "06 98 76 54 32"])
        #expect(done["status"] == "outcome")
        let queue = try client.result("messaging.list", [:])
        #expect(queue["count"] == 1)
        #expect(queue["messages"]?.arrayValue?.first?["callbackNumber"] == "+33698765432")
    }

    @Test("finding 9: the renewal triage and messaging.prescriptionRenewal meet in one message with one SMS, and no incident")
    func oneRenewal() throws {
        let receiver = try HTTPReceiver()
        defer { receiver.stop() }
        let server = try ServerProcess.tcp(config: try Self.configuration(receiver: receiver), clock: "2026-03-10T10:00:00+01:00")
        defer { server.stop() }
        let client = try server.client(role: "secretary")
        let moreau = try Self.createPatient(client, "Moreau", phone: "06 11 22 33 44")

        let start = try client.result(
            "triage.start",
            [
                "protocolId": "renouvellement", "caller": "06 11 22 33 44",
                "patientId": .string(moreau), "practitionerId": "dr-benali"
            ])
        _ = try client.result("triage.answer", ["sessionId": start["sessionId"]!, "choice": "Oui"])
        let urgent = try client.result("triage.answer", ["sessionId": start["sessionId"]!, "choice": "Oui"])
        #expect(urgent["outcome"]?["action"] == "urgent-sms")
        #expect(urgent["outcome"]?["incidentId"] == nil)
        let id = try #require(urgent["outcome"]?["callbackRequest"]?["id"]?.stringValue)
        #expect(urgent["outcome"]?["callbackRequest"]?["kind"] == "prescriptionRenewal")

        // The secretary records the details with the method: the same message.
        let method = try client.result(
            "messaging.prescriptionRenewal",
            [
                "patientId": .string(moreau), "medications": [["name": "Insuline glargine", "essential": true]], "stock": "out",
                "callbackNumber": "06 11 22 33 44", "practitionerId": "dr-benali"
            ])
        #expect(method["joined"] == true)
        #expect(method["message"]?["id"]?.stringValue == id)
        #expect(method["message"]?["dueAt"] == urgent["outcome"]?["callbackRequest"]?["dueAt"], "the first deadline holds")

        let queue = try client.result("messaging.list", [:])
        #expect(queue["count"] == 1)
        #expect(queue["messages"]?.arrayValue?.first?["renewal"]?["medications"]?.arrayValue?.count == 1)
        #expect(try client.result("escalation.list")["items"]?.arrayValue?.isEmpty == true)
        // One SMS to the prescriber, and it shows on the message once the gateway took it.
        let sms = try receiver.waitFor { $0.path == "/sms/send" }
        #expect(try JSONParser.parse(sms.body)["to"] == "+33639981202")
        #expect(receiver.received.filter { $0.path == "/sms/send" }.count == 1)
        _ = try client.result("kernel.ping")
        let smsState = try client.result("messaging.get", ["messageId": .string(id)])["message"]?["sms"]
        #expect(smsState?["to"] == "+33639981202")
        #expect(["sent", "delivered"].contains(smsState?["status"]?.stringValue ?? ""), "\(String(describing: smsState))")
    }

    @Test("finding 2: an urgent SMS the gateway rejects (400) comes back at the top of the queue, with an error line on stderr")
    func deadUrgentSMS() throws {
        let gateway = try HTTPReceiver(status: 400)
        defer { gateway.stop() }
        let server = try ServerProcess.tcp(config: try Self.configuration(receiver: gateway), clock: "2026-03-10T10:00:00+01:00")
        defer { server.stop() }
        let console = try server.client(role: "secretary")
        _ = try console.result("events.subscribe", ["topics": ["messaging.received"]])
        let client = try server.client(role: "secretary")
        let dupont = try Self.createPatient(client, "Dupont", phone: "06 12 34 56 78")
        let taken = try client.result(
            "messaging.take",
            [
                "patientId": .string(dupont), "category": "other", "text": "Douleurs abdominales depuis ce matin.",
                "callbackNumber": "06 12 34 56 78", "urgency": "urgent", "practitionerId": "dr-roux"
            ])
        let code = try #require(taken["message"]?["code"]?.stringValue)
        let messageId = try #require(taken["message"]?["id"]?.stringValue)
        #expect(taken["callerNotice"]?.stringValue?.contains("vous rappellera") == true)

        // The gateway answers 400: not retried, dead; the alert reaches the consoles.
        var alert: JSONValue = .null
        while alert["kind"] != "undeliveredAlert" { alert = try console.nextNotification("messaging.received")["params"] ?? .null }
        let text = try #require(alert["text"]?.stringValue)
        #expect(text.hasPrefix("Alerte non délivrée : appeler le Dr"), "\(text)")
        #expect(text.contains("Roux"))
        #expect(text.contains("(message \(code))"))
        #expect(text.contains("06 12 34 56 78"))

        let queue = try client.result("messaging.list", [:])
        let top = try #require(queue["messages"]?.arrayValue?.first)
        #expect(top["kind"] == "undeliveredAlert")
        #expect(top["urgency"] == "urgent")
        let original = try #require(queue["messages"]?.arrayValue?.first { $0["id"]?.stringValue == messageId })
        #expect(original["sms"]?["status"] == "failed")
        #expect(original["sms"]?["lastError"]?.stringValue?.contains("400") == true)

        let line = try server.waitForLog(containing: "undelivered urgent SMS")
        #expect(line.contains("error"), "\(line)")
        #expect(line.contains(top["code"]?.stringValue ?? "?"))
        #expect(!line.contains("Douleurs"), "no medical text in the log")

        // The gateway is fixed and staff retry the SMS: once it is delivered, nobody needs to phone
        // the practitioner any more, and the queue item closes itself, saying why.
        gateway.answer(with: 200)
        // Subscribed before the retry: the delivery and the closing can both happen before
        // `notify.retry` has even answered.
        _ = try console.result("events.subscribe", ["topics": ["messaging.completed"]])
        let admin = try server.client(role: "admin")
        let dead = try admin.result("notify.failures", [:])
        let sms = try #require(dead["items"]?.arrayValue?.first { $0["channel"] == "sms" && $0["status"] == "dead" }, "\(dead)")
        _ = try admin.result("notify.retry", ["id": sms["id"] ?? .null])
        var closed: JSONValue = .null
        while closed["id"] != top["id"] { closed = try console.nextNotification("messaging.completed")["params"] ?? .null }
        #expect(closed["outcome"] == "noLongerNeeded")
        #expect(closed["completedBy"] == "notify")
        #expect(closed["note"]?.stringValue?.contains("SMS délivré après une nouvelle tentative") == true, "\(closed)")
        let after = try client.result("messaging.get", ["messageId": top["id"] ?? .null])
        #expect(after["message"]?["status"] == "completed")
    }

    @Test("finding 2: a chain nobody acknowledges puts an exhaustedChain item at the top of the queue and logs an error")
    func exhaustedChain() throws {
        let gateway = try HTTPReceiver()
        defer { gateway.stop() }
        let server = try ServerProcess.tcp(config: try Self.configuration(receiver: gateway), clock: "2026-03-10T22:00:00+01:00")
        defer { server.stop() }
        let client = try server.client(role: "admin")
        _ = try client.result("events.subscribe", ["topics": ["escalation.notified", "escalation.exhausted"]])
        let raised = try client.result("escalation.raise", ["caller": "06 12 34 56 78", "reason": "Malaise", "urgency": "urgent"])
        let code = try #require(raised["incident"]?["code"]?.stringValue)
        _ = try client.nextNotification("escalation.notified")
        // The default chain: 5, 5 and 10 minutes, twice; each step fires after its wait.
        for _ in 2...6 {
            _ = try client.result("kernel.clock.set", ["advanceSeconds": 600])
            _ = try client.nextNotification("escalation.notified")
        }
        _ = try client.result("kernel.clock.set", ["advanceSeconds": 600])
        let exhausted = try client.nextNotification("escalation.exhausted")["params"]
        let queuedId = try #require(exhausted?["queuedMessageId"]?.stringValue)

        let queue = try client.result("messaging.list", [:])
        let top = try #require(queue["messages"]?.arrayValue?.first)
        #expect(top["id"]?.stringValue == queuedId)
        #expect(top["kind"] == "exhaustedChain")
        #expect(top["text"]?.stringValue?.contains("Alerte \(code) sans réponse") == true)
        #expect(top["callbackNumber"] == "+33612345678")
        let line = try server.waitForLog(containing: "exhausted its chain")
        #expect(line.contains("error"))
        #expect(line.contains(code))
        let incident = try client.result("escalation.list", ["status": "exhausted"])["items"]?.arrayValue?.first
        #expect(incident?["sms"]?["to"] != nil, "the incident shows its last page's state")
    }
}
