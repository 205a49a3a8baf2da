import Foundation
import JSONRPC
import Kernel
import Practice
import Testing

@testable import Escalation

@Suite("Triage sessions")
struct TriageSessionTests {
    @Test("protocols are listed with their first question")
    func protocols() async throws {
        let h = try await EscalationHarness(at: "2026-03-10T22:00:00+01:00")
        let list = try await h.call("triage.protocols")
        let ids = list["protocols"]?.arrayValue?.compactMap { $0["id"]?.stringValue }
        #expect(ids == ["urgence", "renouvellement", "resultats"])
        #expect(list["protocols"]?.arrayValue?.first?["start"]?["question"] == "Appelez-vous au sujet d'une urgence ?")
        await h.shutdown()
    }

    @Test("vital distress sends the caller to the SAMU with the script, and nothing is paged")
    func samu() async throws {
        let h = try await EscalationHarness(at: "2026-03-10T22:00:00+01:00")
        let step = try await h.triage("urgence", answers: ["oui", "OUI"])
        #expect(step["outcome"]?["action"] == "samu")
        #expect(step["outcome"]?["number"] == "15")
        #expect(step["outcome"]?["script"]?.stringValue?.contains("112") == true)
        #expect(try await h.outbox().isEmpty)
        #expect(try await h.contacts().first?.outcome == "samu")
        await h.shutdown()
    }

    @Test("a callback outcome records the request and announces triage.callbackRequested to every webhook")
    func callback() async throws {
        let h = try await EscalationHarness(at: "2026-03-10T22:00:00+01:00")
        let step = try await h.triage("renouvellement", answers: ["Non", "Non"])
        let outcome = try #require(step["outcome"])
        #expect(outcome["action"] == "message")
        #expect(outcome["urgency"] == "normal")
        let request = try #require(outcome["callbackRequest"])
        #expect(request["callbackNumber"] == "+33612345678")
        let webhooks = try await h.outbox(channel: "webhook")
        #expect(webhooks.count == 1)
        #expect(webhooks.first?["event"] as String? == "triage.callbackRequested")
        #expect(webhooks.first?["destination"] as String? == "*")
        let body = try JSONParser.parse(Array((webhooks.first?["payload"] as String? ?? "").utf8))
        #expect(body["callbackRequestId"] == request["id"])
        #expect(body["protocolId"] == "renouvellement")
        let contact = try #require(try await h.contacts().first)
        #expect(contact.motive == .prescription)
        #expect(contact.reference == request["id"]?.stringValue)
        await h.shutdown()
    }

    @Test("an essential treatment out of stock alerts the patient's practitioner by SMS")
    func urgentSMS() async throws {
        let h = try await EscalationHarness(at: "2026-03-10T10:00:00+01:00")
        let start = try await h.call("triage.start", ["protocolId": "renouvellement", "caller": "+33612345678", "practitionerId": "dr-benali"])
        var step = try await h.call("triage.answer", ["sessionId": start["sessionId"]!, "choice": 0])
        step = try await h.call("triage.answer", ["sessionId": start["sessionId"]!, "choice": "Je ne sais pas"])
        #expect(step["outcome"]?["action"] == "urgent-sms")
        let sms = try await h.outbox(channel: "sms")
        #expect(sms.map { $0["destination"] as String } == ["+33639981202"])
        #expect((sms.first?["payload"] as String?)?.contains("message urgent") == true)
        let incident = try await h.call("escalation.get", ["incidentId": step["outcome"]!["incidentId"]!])
        #expect(incident["chain"]?["id"] == "practitioner-first")
        // The session is over: answering again is a conflict.
        #expect(await h.error("triage.answer", ["sessionId": start["sessionId"]!, "choice": 0])?.code == .conflict)
        await h.shutdown()
    }

    @Test("an abnormal result is transferred to the practice's number; an unknown choice names the field")
    func transfer() async throws {
        let h = try await EscalationHarness(at: "2026-03-10T10:00:00+01:00")
        let start = try await h.call("triage.start", ["protocolId": "resultats", "caller": "+33612345678"])
        let bad = await h.error("triage.answer", ["sessionId": start["sessionId"]!, "choice": "Peut-être"])
        #expect(bad?.data?["field"] == "choice")
        let step = try await h.call("triage.answer", ["sessionId": start["sessionId"]!, "choice": "Oui"])
        #expect(step["outcome"]?["action"] == "transfer")
        #expect(step["outcome"]?["number"] == "+33465710011")
        #expect(try await h.contacts().first?.motive == .results)
        await h.shutdown()
    }
}
