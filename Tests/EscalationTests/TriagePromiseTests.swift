import Foundation
import GRDB
import JSONRPC
import Kernel
import Practice
import Synchronization
import Testing

@testable import Escalation

/// A callback desk for tests: records each request and answers a queue item, joining renewals of one patient.
final class RecordingDesk: CallbackDesk {
    private let state = Mutex<[(CallbackRequest, QueuedCallback)]>([])

    func enqueue(_ request: CallbackRequest, actor: String, now: Date, in db: any StoreConnection) throws -> QueuedCallback {
        state.withLock { s in
            if request.kind == .prescriptionRenewal,
                let open = s.first(where: { $0.0.kind == .prescriptionRenewal && $0.0.patientId == request.patientId })
            {
                let joined = QueuedCallback(
                    messageId: open.1.messageId, code: open.1.code, dueAt: open.1.dueAt, created: false,
                    urgent: open.1.urgent || request.urgent)
                s.append((request, joined))
                return joined
            }
            let queued = QueuedCallback(
                messageId: "mes_\(s.count + 1)", code: "MTEST\(s.count + 1)", dueAt: now.addingTimeInterval(7200),
                created: true, urgent: request.urgent, smsTo: request.alertsPractitioner ? "+33639981202" : nil)
            s.append((request, queued))
            return queued
        }
    }

    var requests: [CallbackRequest] { state.withLock { $0.map(\.0) } }
}

@Suite("Every promise has an owner")
struct TriagePromiseTests {
    func harness(at start: String = "2026-03-10T22:00:00+01:00") async throws -> (EscalationHarness, RecordingDesk) {
        let h = try await EscalationHarness(at: start)
        let desk = RecordingDesk()
        h.host.services.register((any CallbackDesk).self, desk as any CallbackDesk)
        return (h, desk)
    }

    @Test("a triage message outcome is a queue item linked to its session, and still a webhook")
    func messageGoesToTheQueue() async throws {
        let (h, desk) = try await harness()
        let step = try await h.triage("urgence", answers: ["Oui", "Non", "Oui"])
        let outcome = try #require(step["outcome"])
        #expect(outcome["action"] == "message")
        let request = try #require(desk.requests.first)
        #expect(desk.requests.count == 1)
        #expect(request.kind == .triageCallback)
        #expect(request.urgent, "message-prioritaire is urgent")
        #expect(request.reference == step["sessionId"]?.stringValue)
        #expect(request.source == "escalation")
        #expect(request.callbackNumber == "+33612345678")
        #expect(request.text.hasPrefix("Appel pour une urgence\n"))
        #expect(request.text.contains("Cela peut-il attendre les heures d'ouverture du cabinet ? → Oui"))
        #expect(!request.recordsContact, "the triage journals the call itself")
        let callback = try #require(outcome["callbackRequest"])
        #expect(callback["id"] == "mes_1")
        #expect(callback["queued"] == true)
        #expect(callback["code"] == "MTEST1")
        #expect(callback["kind"] == "triageCallback")
        let stored = try await h.host.store.read { db in
            try db.value(String.self, "SELECT callbackRequestId FROM escalation_triage_session WHERE id = ?", [step["sessionId"]!.stringValue!])
        }
        #expect(stored == "mes_1")
        let webhooks = try await h.outbox(channel: "webhook")
        #expect(webhooks.map { $0["event"] } == ["triage.callbackRequested"])
        let body = try JSONParser.parse(Array(webhooks[0]["payload"].utf8))
        #expect(body["messageId"] == "mes_1")
        #expect(try await h.contacts().first?.reference == "mes_1")
        await h.shutdown()
    }

    @Test("without Messaging (no desk) the callback is announced by the webhook alone, and the result says so")
    func noDeskKeepsTheWebhook() async throws {
        let h = try await EscalationHarness(at: "2026-03-10T22:00:00+01:00")
        let step = try await h.triage("urgence", answers: ["Non"])
        let callback = try #require(step["outcome"]?["callbackRequest"])
        #expect(callback["queued"] == false)
        #expect(callback["id"]?.stringValue?.hasPrefix("cb_") == true)
        #expect(callback["note"]?.stringValue?.contains("messaging is disabled") == true)
        #expect(try await h.outbox(channel: "webhook").map { $0["event"] } == ["triage.callbackRequested"])
        await h.shutdown()
    }

    @Test("a renewal's urgent outcome is one urgent renewal message with its SMS, not an incident; a second request joins it")
    func oneRenewalPath() async throws {
        let (h, desk) = try await harness(at: "2026-03-10T10:00:00+01:00")
        let start = try await h.call(
            "triage.start",
            [
                "protocolId": "renouvellement", "caller": "+33612345678", "patientId": "pat-7",
                "practitionerId": "dr-benali"
            ])
        _ = try await h.call("triage.answer", ["sessionId": start["sessionId"]!, "choice": "Oui"])
        let step = try await h.call("triage.answer", ["sessionId": start["sessionId"]!, "choice": "Oui"])
        let outcome = try #require(step["outcome"])
        #expect(outcome["action"] == "urgent-sms")
        #expect(outcome["incidentId"] == nil)
        #expect(outcome["callbackRequest"]?["kind"] == "prescriptionRenewal")
        #expect(outcome["callbackRequest"]?["smsTo"] == "+33639981202")
        let request = try #require(desk.requests.first)
        #expect(request.kind == .prescriptionRenewal)
        #expect(request.urgent && request.alertsPractitioner)
        #expect(request.practitionerId == "dr-benali")
        #expect(try await h.call("escalation.list")["items"]?.arrayValue?.isEmpty == true, "no incident")
        #expect(try await h.outbox(channel: "sms").isEmpty, "the SMS is Messaging's, not a page")

        let again = try await h.triage("renouvellement", patientId: "pat-7", answers: ["Non", "Non"])
        #expect(again["outcome"]?["callbackRequest"]?["id"] == "mes_1")
        #expect(again["outcome"]?["callbackRequest"]?["joined"] == true)
        await h.shutdown()
    }

    @Test("with no prescriber named, the renewal's SMS goes to the practitioner on call")
    func renewalWithoutPrescriber() async throws {
        let (h, desk) = try await harness(at: "2026-03-10T10:00:00+01:00")
        _ = try await h.triage("renouvellement", answers: ["Oui", "Oui"])
        let oncall = try await h.call("oncall.who")
        #expect(desk.requests.first?.practitionerId == oncall["practitionerId"]?.stringValue)
        await h.shutdown()
    }

    @Test("a withheld number reaches « appelez le 15 » without being asked for one")
    func vitalWithoutNumber() async throws {
        let (h, desk) = try await harness()
        let start = try await h.call("triage.start", ["protocolId": "urgence"])
        _ = try await h.call("triage.answer", ["sessionId": start["sessionId"]!, "choice": "Oui"])
        let step = try await h.call("triage.answer", ["sessionId": start["sessionId"]!, "choice": "Oui"])
        #expect(step["status"] == "outcome")
        #expect(step["outcome"]?["action"] == "samu")
        #expect(step["outcome"]?["number"] == "15")
        #expect(desk.requests.isEmpty)
        #expect(try await h.contacts().first?.outcome == "samu")
        await h.shutdown()
    }

    @Test("a callback outcome with no number waits for one: -32602 naming callbackNumber, then carried out with it")
    func callbackNeedsANumber() async throws {
        let (h, desk) = try await harness()
        let start = try await h.call("triage.start", ["protocolId": "urgence", "patientId": "pat-1"])
        let session = try #require(start["sessionId"])
        var step = try await h.call("triage.answer", ["sessionId": session, "choice": "Non"])
        #expect(step["status"] == "needsCallbackNumber")
        #expect(step["pending"]?["action"] == "message")
        #expect(step["prompt"]?.stringValue?.contains("numéro") == true)
        #expect(step["outcome"] == nil)
        #expect(desk.requests.isEmpty, "nothing is promised before a number is known")

        let missing = await h.error("triage.answer", ["sessionId": session])
        #expect(missing?.code == .invalidParams)
        #expect(missing?.data?["field"] == "callbackNumber")
        let choice = await h.error("triage.answer", ["sessionId": session, "choice": 0, "callbackNumber": "06 12 34 56 78"])
        #expect(choice?.data?["field"] == "choice")
        let bad = await h.error("triage.answer", ["sessionId": session, "callbackNumber": "12"])
        #expect(bad?.data?["field"] == "callbackNumber")

        step = try await h.call("triage.answer", ["sessionId": session, "callbackNumber": "06 12 34 56 78"])
        #expect(step["status"] == "outcome")
        #expect(step["outcome"]?["callbackRequest"]?["callbackNumber"] == "+33612345678")
        #expect(desk.requests.first?.callbackNumber == "+33612345678")
        #expect(await h.error("triage.answer", ["sessionId": session, "callbackNumber": "06 12 34 56 78"])?.code == .conflict)
        await h.shutdown()
    }

    @Test("a chain nobody acknowledges puts an exhaustedChain item in the queue and says so in its event")
    func exhaustedChain() async throws {
        let (h, desk) = try await harness()
        let raised = try await h.call("escalation.raise", ["caller": "+33612345678", "reason": "Malaise", "urgency": "urgent"])
        let id = try #require(raised["incident"]?["id"]?.stringValue)
        let code = try #require(raised["incident"]?["code"]?.stringValue)
        // default chain: 5 + 5 + 10 minutes, twice.
        for _ in 0..<8 { try await h.advance(minutes: 10) }
        #expect(try await h.call("escalation.get", ["incidentId": .string(id)])["status"] == "exhausted")
        let request = try #require(desk.requests.first)
        #expect(desk.requests.count == 1)
        #expect(request.kind == .exhaustedChain)
        #expect(request.urgent)
        #expect(request.reference == id)
        #expect(request.text.contains("Alerte \(code) sans réponse"))
        #expect(request.text.contains("06 12 34 56 78"))
        await h.waitForEvents("escalation.exhausted", count: 1)
        let event = try #require(h.events("escalation.exhausted").first)
        #expect(event["queuedMessageId"] == "mes_1")
        await h.shutdown()
    }

    @Test("a page SMS that will not be delivered becomes an undeliveredAlert naming whom to phone; not once acknowledged")
    func undeliveredPage() async throws {
        let (h, desk) = try await harness()
        let raised = try await h.call("escalation.raise", ["caller": "+33612345678", "reason": "Malaise", "urgency": "urgent"])
        let id = try #require(raised["incident"]?["id"]?.stringValue)
        let code = try #require(raised["incident"]?["code"]?.stringValue)
        let incident = try await h.call("escalation.get", ["incidentId": .string(id)])
        let page = try #require(incident["notifications"]?.arrayValue?.first { $0["channel"] == "sms" })
        #expect(page["delivery"]?["status"] == "pending")
        #expect(incident["sms"]?["status"] == "pending")
        let to = try #require(page["destination"]?.stringValue)
        let host = h.host
        func fail() async throws -> [DeliveryFailureRouter.Handling] {
            try await host.store.write { db in
                try db.run("UPDATE outbox SET status = 'dead', attempts = 5, lastError = 'gave up' WHERE channel = 'sms'")
                return try host.deliveryFailures.route(
                    .init(
                        messageId: "msg_1", channel: "sms", destination: to, event: "escalation.page",
                        urgency: .urgent, reference: id, attempts: 5, lastError: "gave up",
                        at: host.clock.now()), in: db)
            }
        }
        #expect(try await fail().map(\.handledBy) == ["escalation"])
        #expect(h.clock.now() == instant("2026-03-10T22:00:00+01:00"), "no time passed")
        let request = try #require(desk.requests.first)
        #expect(request.kind == .undeliveredAlert)
        #expect(request.text.hasPrefix("Alerte non délivrée : appeler le Dr"), "\(request.text)")
        #expect(request.text.contains("(alerte \(code))"))
        #expect(request.callbackNumber == to)
        // As a non-answer would, the failure brings the next step forward: it goes out now.
        try await h.plugin.worker.fireDue(host: host)
        let after = try await h.call("escalation.get", ["incidentId": .string(id)])
        let pages = after["notifications"]?.arrayValue?.filter { $0["channel"] == "sms" } ?? []
        #expect(pages.count == 2, "the second step did not wait its 5 minutes")
        #expect(pages.first?["delivery"]?["status"] == "failed")
        #expect(pages.first?["delivery"]?["lastError"] == "gave up")
        #expect(after["sms"]?["status"] == "pending", "the latest page is the new one")
        let listed = try await h.call("escalation.list")["items"] ?? []
        #expect(listed.arrayValue?.first?["sms"]?["status"] == "pending", "the list shows the latest page's state too")

        _ = try await h.call("escalation.acknowledge", ["incidentId": .string(id)])
        let late = try await fail()
        #expect(late.first?.summary.contains("déjà pris en charge") == true)
        #expect(desk.requests.count == 1, "an acknowledged incident needs no alert")
        await h.shutdown()
    }
}

@Suite("Vital answers")
struct VitalAnswerTests {
    static func protocolWith(_ vitalNext: String) -> TriageProtocol {
        TriageProtocol(
            id: "t", title: "T", start: "q1",
            nodes: [
                "q1": .question(
                    TriageQuestion(
                        question: "Douleur thoracique ?",
                        choices: [
                            TriageChoice(label: "Non", next: "msg"), TriageChoice(label: "Oui", next: vitalNext, vital: true)
                        ])),
                "q2": .question(
                    TriageQuestion(
                        question: "Cela peut-il attendre ?",
                        choices: [
                            TriageChoice(label: "Non", next: "samu"), TriageChoice(label: "Oui", next: "msg")
                        ])),
                "samu": .outcome(TriageOutcome(action: .samu, script: "Appelez le 15.", number: "15")),
                "msg": .outcome(TriageOutcome(action: .message, script: "Je prends votre message."))
            ])
    }

    @Test("a vital answer whose paths all end at samu passes")
    func vitalToSamu() {
        #expect(Self.protocolWith("samu").validate().filter { $0.kind == .vitalNotEmergency }.isEmpty)
    }

    @Test("a vital answer that can end at a callback is refused, naming the choice and the path")
    func vitalToCallback() throws {
        let issues = Self.protocolWith("q2").validate().filter { $0.kind == .vitalNotEmergency }
        let issue = try #require(issues.first)
        #expect(issues.count == 1)
        #expect(issue.severity == .error)
        #expect(issue.path == "triage[0].nodes.q1.choices[1].vital")
        #expect(issue.message.contains("q1 → Oui → q2 → Oui → msg"), "\(issue.message)")
    }

    @Test("the example marks its vital answers, and config check refuses a vital Oui leading to a callback")
    func exampleAndConfiguration() throws {
        let doc = try ConfigurationDocument(yaml: ExamplePractice.yaml)
        var issues: [ConfigurationIssue] = []
        let protocols = try #require(doc.decode([TriageProtocol].self, at: "triage", issues: &issues))
        guard case .question(let q)? = protocols[0].nodes["q-detresse"] else {
            Issue.record("no q-detresse")
            return
        }
        #expect(q.choices.map(\.vital) == [true, nil, true])
        #expect(protocols[1].callbackKind == .prescriptionRenewal)

        let bad = ExamplePractice.yaml.replacingOccurrences(
            of: "{label: Oui, next: samu, vital: true}",
            with: "{label: Oui, next: q-attendre, vital: true}")
        let badDoc = try ConfigurationDocument(yaml: bad)
        var practiceIssues: [ConfigurationIssue] = []
        let directory = try #require(PracticeDirectory(configuration: badDoc, issues: &practiceIssues))
        do {
            _ = try EscalationSettings(configuration: badDoc, directory: directory)
            Issue.record("a vital answer leading to a callback was accepted")
        } catch {
            let issue = try #require(error.issues.first { $0.path == "triage[0].nodes.q-detresse.choices[0].vital" })
            #expect(issue.message.contains("message-prioritaire"))
            #expect(issue.line != nil)
        }
    }
}
