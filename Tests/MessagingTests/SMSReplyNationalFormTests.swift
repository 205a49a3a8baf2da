import Foundation
import JSONRPC
import Kernel
import Practice
import Testing

@testable import Messaging

@Suite struct SMSReplyNationalFormTests {
    @Test("a reply typed in national form (06 39 …, Mayotte's block) takes in charge for the practitioner configured as +33 6 39 …")
    func nationalFormMatchesThePractitioner() async throws {
        let (h, taken, code) = try await SMSReplyTests.urgentMessage()
        defer { Task { await h.shutdown() } }
        let handling = try await SMSReplyTests.route(h, from: try PhoneNumber("06 39 98 12 01").e164, text: "OK \(code)")
        #expect(handling?.handledBy == "messaging")
        let got = try await h.ok("messaging.get", ["messageId": taken["message"]!["id"]!])
        #expect(got["message"]?["assignee"]?.stringValue == "dr-martin")
    }
}
