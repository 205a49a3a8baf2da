import Foundation
import JSONRPC
import Kernel
import Testing

@testable import Escalation

/// Practitioners' numbers are matched whatever form the reply's sender comes in.
@Suite struct SMSAcknowledgementNumberFormTests {
    @Test(
        "OK <code> from 06 39 98 12 01 (national form, Mayotte's block: +262) acknowledges the page sent to +33 6 39 98 12 01",
        arguments: ["06 39 98 12 01", "+262 639 98 12 01", "0033 6 39 98 12 01"])
    func nationalFormAcknowledges(sender: String) async throws {
        let h = try await EscalationHarness(at: "2026-03-10T22:00:00+01:00")
        let step = try await h.triage("urgence", answers: ["Oui", "Non", "Non"])
        let id = try #require(step["outcome"]?["incidentId"])
        let code = try #require(step["outcome"]?["incidentCode"]?.stringValue)
        #expect(try await h.outbox(channel: "sms").map { $0["destination"] as String } == ["+33639981201"])
        let context = RequestContext(host: h.host, session: h.session, requestID: nil, method: "notify.inboundSms")
        let from = try PhoneNumber(sender).e164
        let handled = try await h.host.inboundSMS.route(.init(from: from, text: "OK \(code)", receivedAt: h.clock.now()), context: context)
        #expect(handled?.handledBy == "escalation")
        let incident = try await h.call("escalation.get", ["incidentId": id])
        #expect(incident["status"] == "acknowledged")
        #expect(incident["acknowledgedBy"] == "dr-martin")
        await h.shutdown()
    }
}
