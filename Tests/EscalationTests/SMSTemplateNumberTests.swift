import Foundation
import Kernel
import Practice
import Testing

@testable import Escalation

/// A page never carries a cut number: templates are checked with the longest E.164 number, and a
/// text too long to fit loses characters of the practice's name, never of the number or the code.
@Suite struct SMSTemplateNumberTests {
    static let german = "+491512345678901"

    @Test func templatesAreCheckedWithTheLongestNumber() {
        #expect(SMSTemplates.longestNumber.count == 16)
        // 160 characters with « MSP Tilleuls », a 4-digit code and a 14-character number; 162 with 16 characters.
        let template = "{practice} {code} {callback} " + String(repeating: "x", count: 127)
        let problem = SMSTemplates.problem(key: "oncall", template: template, practiceName: "MSP Tilleuls")
        #expect(problem?.contains("162 characters") == true, "\(problem ?? "nil")")
        #expect(
            SMSTemplates.problem(
                key: "oncall", template: "{practice} {code} {callback} " + String(repeating: "x", count: 125),
                practiceName: "MSP Tilleuls") == nil)
    }

    @Test func aLongPracticeNameIsShortenedNeverTheNumber() {
        // The default `staff` text with a practice name too long for one segment (defaults are not checked at load).
        let templates = SMSTemplates(texts: SMSTemplates.defaults)
        let practice = "Maison de santé pluriprofessionnelle universitaire des Tilleuls et des Chênes réunis"
        let text = templates.text("staff", practice: practice, code: "4821", callback: Self.german, time: "13:40", step: "1/3")
        #expect(text.count <= 160)
        #expect(text.contains("Rappeler le " + Self.german + "."))
        #expect(text.hasSuffix("Repondez OK 4821."))
        #expect(text.hasPrefix("Maison de santé pluriprofessionnelle universitaire des Tilleuls et des Ch : "))
        // A French number: the same rule, the number whole.
        let french = templates.text("oncall", practice: "MSP Tilleuls", code: "4821", callback: "06 39 98 12 01", time: "13:40", step: "1/3")
        #expect(french == "MSP Tilleuls : appel urgent a 13:40. Rappeler le 06 39 98 12 01. Repondez OK 4821 pour confirmer.")
    }
}
