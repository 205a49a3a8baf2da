import Foundation
import JSONRPC
import Kernel
import Practice
import Testing

@testable import Messaging

@Suite struct SMSReplyTests {
    /// A night-time harness holding an urgent message for dr-martin, and that message's code.
    static func urgentMessage() async throws -> (MessagingHarness, JSONValue, String) {
        let h = try await MessagingHarness(now: "2026-04-07T02:00:00+02:00")
        let taken = try await h.take(urgency: "urgent", practitionerId: "dr-martin")
        return (h, taken, try #require(taken["message"]?["code"]?.stringValue))
    }

    /// Routes an SMS received from `from`, as the SMS gateway's webhook does, in a session of its own.
    static func route(_ h: MessagingHarness, from: String, text: String) async throws -> InboundSMSRouter.Handling? {
        let session = h.session()
        defer { h.dispatcher.closeSession(session) }
        let context = RequestContext(host: h.host, session: session, requestID: nil, method: "sms")
        return try await h.host.inboundSMS.route(InboundSMSRouter.Message(from: from, text: text, receivedAt: h.clock.now()), context: context)
    }

    @Test func practitionerReplyingOKTakesTheMessageInCharge() async throws {
        let (h, taken, code) = try await Self.urgentMessage()
        defer { Task { await h.shutdown() } }
        let handling = try await Self.route(h, from: "+33 6 39 98 12 01", text: "ok \(code.lowercased())")
        #expect(handling?.handledBy == "messaging")
        #expect(handling?.reference == taken["message"]?["id"]?.stringValue)
        let got = try await h.ok("messaging.get", ["messageId": taken["message"]!["id"]!])
        #expect(got["message"]?["status"]?.stringValue == "assigned")
        #expect(got["message"]?["assignee"]?.stringValue == "dr-martin")
        // A reply that names no message is left to other listeners.
        #expect(try await Self.route(h, from: "+33639981201", text: "OK 4821") == nil)
    }

    @Test func aReplyFromAnUnknownNumberTakesNothing() async throws {
        let (h, taken, code) = try await Self.urgentMessage()
        defer { Task { await h.shutdown() } }
        #expect(try await Self.route(h, from: "+33611223344", text: "OK \(code)") == nil)
        let got = try await h.ok("messaging.get", ["messageId": taken["message"]!["id"]!])
        #expect(got["message"]?["status"]?.stringValue == "open")
    }
}
