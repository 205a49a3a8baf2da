import Foundation
import Kernel
import Practice
import Testing
@testable import Messaging

@Suite struct SMSReplyTests {
    @Test func practitionerReplyingOKTakesTheMessageInCharge() async throws {
        let h = try await MessagingHarness(now: "2026-04-07T02:00:00+02:00")
        defer { Task { await h.shutdown() } }
        let taken = try await h.take(urgency: "urgent", practitionerId: "dr-martin")
        let code = try #require(taken["message"]?["code"]?.stringValue)
        let session = h.session()
        defer { h.dispatcher.closeSession(session) }
        let context = RequestContext(host: h.host, session: session, requestID: nil, method: "sms")
        let reply = InboundSMSRouter.Message(from: "+33 6 39 98 12 01", text: "ok \(code.lowercased())", receivedAt: h.clock.now())
        let handling = try await h.host.inboundSMS.route(reply, context: context)
        #expect(handling?.handledBy == "messaging")
        #expect(handling?.reference == taken["message"]?["id"]?.stringValue)
        let got = try await h.ok("messaging.get", ["messageId": taken["message"]!["id"]!])
        #expect(got["message"]?["status"]?.stringValue == "assigned")
        #expect(got["message"]?["assignee"]?.stringValue == "dr-martin")
        // A reply that names no message is left to other listeners.
        let other = InboundSMSRouter.Message(from: "+33639981201", text: "OK 4821", receivedAt: h.clock.now())
        #expect(try await h.host.inboundSMS.route(other, context: context) == nil)
    }

    @Test func aReplyFromAnUnknownNumberTakesNothing() async throws {
        let h = try await MessagingHarness(now: "2026-04-07T02:00:00+02:00")
        defer { Task { await h.shutdown() } }
        let taken = try await h.take(urgency: "urgent", practitionerId: "dr-martin")
        let code = try #require(taken["message"]?["code"]?.stringValue)
        let session = h.session()
        defer { h.dispatcher.closeSession(session) }
        let context = RequestContext(host: h.host, session: session, requestID: nil, method: "sms")
        let stranger = InboundSMSRouter.Message(from: "+33611223344", text: "OK \(code)", receivedAt: h.clock.now())
        #expect(try await h.host.inboundSMS.route(stranger, context: context) == nil)
        let got = try await h.ok("messaging.get", ["messageId": taken["message"]!["id"]!])
        #expect(got["message"]?["status"]?.stringValue == "open")
    }
}
