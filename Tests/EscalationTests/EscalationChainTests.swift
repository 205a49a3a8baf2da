import Foundation
import JSONRPC
import Kernel
import Practice
import Testing

@testable import Escalation

/// Tuesday 2026-03-10, 22:00 in Paris: the practice is closed and dr-martin is on call
/// (weekly rota from Monday 2026-01-05 20:00: 64 days later is turn 9, 9 % 3 = 0).
private let tuesdayNight = "2026-03-10T22:00:00+01:00"
private let martin = "+33639981201"
private let benali = "+33639981202"
private let roux = "+33639981203"

@Suite("Escalation chains")
struct EscalationChainTests {
    @Test("the emergency protocol answered \"can't wait\" at 22:00 pages the practitioner on call, in one segment, without medical detail")
    func emergencyPagesOnCall() async throws {
        let h = try await EscalationHarness(at: tuesdayNight)
        let step = try await h.triage("urgence", answers: ["Oui", "Non", "Non"])
        #expect(step["status"] == "outcome")
        let outcome = try #require(step["outcome"])
        #expect(outcome["action"] == "page-oncall")
        let incidentId = try #require(outcome["incidentId"]?.stringValue)
        let code = try #require(outcome["incidentCode"]?.stringValue)
        #expect(code.count == 4 && code.allSatisfy(\.isNumber))

        let sms = try await h.outbox(channel: "sms")
        #expect(sms.count == 1)
        #expect(sms.first?["destination"] as String? == martin)
        #expect(sms.first?["urgency"] as String? == "urgent")
        let text: String = try #require(sms.first?["payload"])
        let measured = SMSText(text)
        #expect(measured.text == text, "the outbox holds the text as sent")
        #expect(measured.encoding == .gsm7 && measured.segmentCount == 1)
        #expect(text.contains("OK \(code)"))
        for medical in ["urgence", "poitrine", "respirer", "douleur", "pat-1", "Appel pour"] {
            #expect(!text.localizedCaseInsensitiveContains(medical), "SMS carries \(medical): \(text)")
        }
        let webhooks = try await h.outbox(channel: "webhook")
        #expect(webhooks.map { $0["event"] as String } == ["escalation.raised"])
        #expect(webhooks.first?["destination"] as String? == "*")

        let incident = try await h.call("escalation.get", ["incidentId": .string(incidentId)])
        #expect(incident["status"] == "open")
        #expect(incident["source"] == "page-oncall")
        #expect(incident["chain"]?["id"] == "default")
        #expect(incident["details"]?.stringValue?.contains("Cela peut-il attendre") == true)
        #expect(incident["notifications"]?.arrayValue?.count == 2)

        let contacts = try await h.contacts()
        #expect(contacts.count == 1)
        #expect(contacts.first?.kind == "triage")
        #expect(contacts.first?.reference == incidentId)
        #expect(contacts.first?.outcome == "page-oncall")
        #expect(contacts.first?.motive == .emergency)
        #expect(h.events("escalation.raised").count == 1)
        #expect(h.events("escalation.notified").count == 1)
        await h.shutdown()
    }

    @Test("without acknowledgement each step fires after its wait, backups included, then the chain is exhausted")
    func stepsFireAfterTheirWait() async throws {
        let h = try await EscalationHarness(at: tuesdayNight)
        let raised = try await h.call("escalation.raise", ["caller": "06 12 34 56 78", "reason": "Fièvre chez un nourrisson", "urgency": "urgent"])
        let id = try #require(raised["incident"]?["id"])
        try await h.advance(minutes: 4)
        #expect(try await h.outbox(channel: "sms").count == 1)
        try await h.advance(minutes: 1) // 22:05: step 2, a reminder to the same practitioner
        var sms = try await h.outbox(channel: "sms")
        #expect(sms.map { $0["destination"] as String } == [martin, martin])
        #expect((sms[1]["payload"] as String).contains("RELANCE 2/6"))
        try await h.advance(minutes: 5) // 22:10: step 3, the first backup (dr-benali; dr-martin is on call)
        try await h.advance(minutes: 10) // 22:20: round 2 starts again with the on-call practitioner
        try await h.advance(minutes: 5) // 22:25
        try await h.advance(minutes: 5) // 22:30: the next backup, dr-roux
        sms = try await h.outbox(channel: "sms")
        #expect(sms.map { $0["destination"] as String } == [martin, martin, benali, martin, martin, roux])
        #expect(h.events("escalation.exhausted").isEmpty)
        try await h.advance(minutes: 10) // 22:40: the last wait is over
        let incident = try await h.call("escalation.get", ["incidentId": id])
        #expect(incident["status"] == "exhausted")
        #expect(h.events("escalation.exhausted").count == 1)
        #expect(try await h.outbox(channel: "webhook").map { $0["event"] as String }.last == "escalation.exhausted")
        // An exhausted incident can still be acknowledged.
        let acked = try await h.call("escalation.acknowledge", ["incidentId": id])
        #expect(acked["status"] == "acknowledged")
        await h.shutdown()
    }

    @Test("OK <code> from the paged practitioner's number stops the chain; from another number it does not")
    func smsAcknowledgement() async throws {
        let h = try await EscalationHarness(at: tuesdayNight)
        let step = try await h.triage("urgence", answers: ["Oui", "Non", "Non"])
        let id = try #require(step["outcome"]?["incidentId"])
        let code = try #require(step["outcome"]?["incidentCode"]?.stringValue)
        let context = RequestContext(host: h.host, session: h.session, requestID: nil, method: "notify.inboundSms")
        let stranger = try await h.host.inboundSMS.route(.init(from: "+33611111111", text: "OK \(code)", receivedAt: h.clock.now()), context: context)
        #expect(stranger == nil)
        let colleague = try await h.host.inboundSMS.route(.init(from: benali, text: "OK \(code)", receivedAt: h.clock.now()), context: context)
        #expect(colleague == nil)
        #expect(try await h.call("escalation.get", ["incidentId": id])["status"] == "open")

        let handled = try await h.host.inboundSMS.route(.init(from: "+33 6 39 98 12 01", text: " ok  \(code) ", receivedAt: h.clock.now()), context: context)
        #expect(handled?.handledBy == "escalation")
        #expect(handled?.reference == id.stringValue)
        let incident = try await h.call("escalation.get", ["incidentId": id])
        #expect(incident["status"] == "acknowledged")
        #expect(incident["acknowledgedBy"] == "dr-martin")
        #expect(incident["acknowledgedVia"] == "sms")
        #expect(h.events("escalation.acknowledged").count == 1)
        let before = try await h.outbox(channel: "sms").count // the page and the confirmation
        #expect(before == 2)
        try await h.advance(minutes: 60)
        #expect(try await h.outbox(channel: "sms").count == before)
        // The console cannot acknowledge it a second time.
        let again = await h.error("escalation.acknowledge", ["incidentId": id])
        #expect(again?.code == .conflict)
        await h.shutdown()
    }

    @Test("the same caller and reason while open adds to the count; the third call raises the urgency")
    func repeatCallsCount() async throws {
        let h = try await EscalationHarness(at: tuesdayNight)
        let params: JSONValue = ["caller": "+33612345678", "reason": "Douleur abdominale", "urgency": "normal", "patientId": "pat-9"]
        let first = try await h.call("escalation.raise", params)
        let second = try await h.call("escalation.raise", ["caller": "06 12 34 56 78", "reason": "douleur  ABDOMINALE", "urgency": "normal"])
        #expect(first["created"] == true)
        #expect(second["created"] == false)
        #expect(second["incident"]?["id"] == first["incident"]?["id"])
        #expect(second["incident"]?["count"]?.int == 2)
        #expect(second["repeatAction"] == nil)
        let third = try await h.call("escalation.raise", params)
        #expect(third["incident"]?["count"]?.int == 3)
        #expect(third["repeatAction"] == "raise-urgency")
        #expect(third["incident"]?["urgency"] == "urgent")
        #expect(try await h.call("escalation.list", ["status": "open"])["items"]?.arrayValue?.count == 1)
        #expect(try await h.outbox(channel: "sms").count == 1)
        #expect(try await h.contacts().map(\.kind) == ["incident", "incident-repeat", "incident-repeat"])
        // Once resolved, the same call opens a new incident.
        _ = try await h.call("escalation.resolve", ["incidentId": first["incident"]!["id"]!, "outcome": "Rappelé, consultation demain"])
        #expect(await h.error("escalation.resolve", ["incidentId": first["incident"]!["id"]!, "outcome": "x"])?.code == .conflict)
        #expect(try await h.call("escalation.raise", params)["created"] == true)
        await h.shutdown()
    }

    @Test(
        "bad input is refused naming the field",
        arguments: [
            ("escalation.raise", ["caller": "pas un numéro", "reason": "x", "urgency": "urgent"] as JSONValue, "caller"),
            ("escalation.raise", ["caller": "+33612345678", "reason": "x", "urgency": "vital"] as JSONValue, "urgency"),
            ("escalation.raise", ["caller": "+33612345678", "reason": "x", "urgency": "urgent", "chainId": "nope"] as JSONValue, "chainId"),
            ("escalation.acknowledge", ["incidentId": "inc_missing"] as JSONValue, "incidentId"),
            ("escalation.list", ["status": "lost"] as JSONValue, "status"),
            ("escalation.list", ["limit": 201] as JSONValue, "limit"),
            ("escalation.list", ["cursor": "2026-05-01"] as JSONValue, "cursor"),
            ("triage.start", ["protocolId": "nope", "caller": "+33612345678"] as JSONValue, "protocolId"),
            ("oncall.override", ["practitionerId": "dr-martin", "from": "2026-05-02", "to": "2026-05-01"] as JSONValue, "to"),
            ("oncall.override", ["practitionerId": "dr-martin", "from": "demain", "to": "2026-05-01"] as JSONValue, "from")
        ])
    func badInput(method: String, params: JSONValue, field: String) async throws {
        let h = try await EscalationHarness(at: tuesdayNight)
        let error = await h.error(method, params)
        #expect(error?.data?["field"]?.stringValue == field, "\(String(describing: error))")
        await h.shutdown()
    }

    @Test("the background worker fires a due step when the clock moves, without being asked")
    func backgroundWorker() async throws {
        let h = try await EscalationHarness(at: tuesdayNight)
        _ = try await h.call("escalation.raise", ["caller": "+33612345678", "reason": "Malaise", "urgency": "urgent"])
        await h.waitForEvents("escalation.notified", count: 1)
        h.clock.advance(by: 5 * 60)
        // The worker publishes after its commit: wait for the second page's event, then check the outbox.
        await h.waitForEvents("escalation.notified", count: 2)
        #expect(try await h.outbox(channel: "sms").count == 2)
        await h.shutdown()
    }
}
