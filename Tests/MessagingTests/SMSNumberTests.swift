import Foundation
import Kernel
import Practice
import Testing

@testable import Messaging

/// A number in an urgent SMS is never cut: templates are checked with the longest E.164 number,
/// and a text that would not fit loses characters of the practice's name, never of the number.
@Suite struct SMSNumberTests {
    static let german = "+491512345678901"

    func service(urgentMessage: String) throws -> MessagingService {
        let doc = try ConfigurationDocument(yaml: ExamplePractice.yaml)
        var configuration = MessagingConfiguration()
        configuration.sms["urgentMessage"] = MessageTemplate(urgentMessage)
        return MessagingService(directory: try PracticePlugin(configuration: doc).directory, configuration: configuration)
    }

    func message(callback: String) -> Message {
        Message(
            id: "mes_1", code: "MK4T7Q", kind: "message", takenAt: instant("2026-04-07T13:40:00+02:00"), takenBy: "s",
            siteId: "centre", patientId: nil, caller: nil, category: .other, text: "x", callbackNumber: callback, urgency: .urgent,
            practitionerId: nil, dueAt: instant("2026-04-07T15:40:00+02:00"), threadId: "mes_1", callCount: 1, renewal: nil)
    }

    @Test func templatesAreCheckedWithTheLongestNumber() throws {
        #expect(MessagingConfiguration.smsSample(MessageTemplate("{callback}"), practice: "") == "+999999999999999")
        // 160 characters with the longest number (the 14-character sample took 158): accepted.
        var issues: [ConfigurationIssue] = []
        let yaml = ExamplePractice.yaml.replacingOccurrences(
            of: "urgentMessage: \"{practice} : message urgent de {time}, rappel sous 2 h au {callback}. Répondez OK {code}.\"",
            with: "urgentMessage: \"{practice} {code} {callback} " + String(repeating: "x", count: 123) + "\"")
        #expect(yaml != ExamplePractice.yaml)
        _ = MessagingConfiguration(configuration: try ConfigurationDocument(yaml: yaml), smsPractice: "MSP Tilleuls", issues: &issues)
        #expect(issues.isEmpty, "\(issues)")
    }

    @Test func theUrgentSMSCarriesTheWholeForeignNumber() throws {
        let s = try service(urgentMessage: MessagingConfiguration.defaultSMS["urgentMessage"]!)
        let text = s.smsText(for: message(callback: Self.german))
        #expect(text.contains(Self.german))
        #expect(text.contains("MK4T7Q"))
        #expect(text.hasPrefix("MSP Tilleuls : "))
    }

    @Test func aTooLongTextShortensThePracticeNameNeverTheNumber() throws {
        // With the example's practice (« MSP Tilleuls »): 160 characters with a French number, 162 with a German one.
        let template = "{practice} : message urgent de {time}, ref. {code}. " + String(repeating: "x", count: 80) + " Rappeler le {callback}"
        let s = try service(urgentMessage: template)
        let french = s.smsText(for: message(callback: "+33639981201"))
        #expect(french.hasPrefix("MSP Tilleuls : "))
        #expect(french.hasSuffix("Rappeler le 06 39 98 12 01"))
        #expect(french.count == 160)
        let text = s.smsText(for: message(callback: Self.german))
        #expect(text.hasSuffix("Rappeler le " + Self.german))
        #expect(text.count == 160)
        #expect(text.hasPrefix("MSP Tilleu : "))
        #expect(text.contains("ref. MK4T7Q."))
    }

    @Test func aTextThatCannotFitIsSentWholeRatherThanCut() throws {
        let template = "{practice} : " + String(repeating: "x", count: 150) + " ref. {code}, rappeler le {callback}"
        let text = try service(urgentMessage: template).smsText(for: message(callback: Self.german))
        #expect(text.hasSuffix("rappeler le " + Self.german))
        #expect(text.hasPrefix("MSP Tilleuls : "))
    }
}
