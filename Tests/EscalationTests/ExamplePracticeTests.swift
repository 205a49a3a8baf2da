import Foundation
import Kernel
import Practice
import Testing

@testable import Escalation

/// The `triage`, `oncall` and `escalation` sections of the bundled example practice.
private func examplePlugin() throws -> EscalationPlugin {
    let doc = try ConfigurationDocument(yaml: ExamplePractice.yaml)
    return try EscalationPlugin(configuration: doc, directory: try PracticePlugin(configuration: doc).directory)
}

@Suite("Bundled example practice")
struct ExamplePracticeTests {
    @Test("its triage protocols validate without any issue")
    func triageIsValid() throws {
        let settings = try examplePlugin().settings
        #expect(settings.protocols.map(\.id) == ["urgence", "renouvellement", "resultats"])
        #expect(TriageProtocol.validate(settings.protocols) == [])
        #expect(settings.warnings.isEmpty)
    }

    @Test("vital distress always ends at the SAMU", arguments: [["Oui", "Oui"], ["Oui", "Je ne sais pas"]])
    func vitalDistress(labels: [String]) throws {
        let urgence = try #require(try examplePlugin().settings.protocols.first { $0.id == "urgence" })
        var walker = try TriageWalker(urgence)
        for label in labels { try walker.answer(label: label) }
        #expect(walker.outcome?.action == .samu)
        #expect(walker.outcome?.script.contains("15") == true)
        #expect(walker.outcome?.script.contains("112") == true)
    }

    @Test("its rota follows the weekly rotation and the Christmas swap")
    func rota() throws {
        let settings = try examplePlugin().settings
        let oncall = try #require(settings.oncall)
        let rota = try OnCallRota(rotation: oncall.rotation, overrides: oncall.overrides, timeZone: settings.directory.timeZone)
        // Week of Monday 2026-12-21 20:00: (350 days / 7) = 50 turns after the start, 50 % 3 = 2.
        #expect(rota.who(at: instant("2026-12-22T10:00:00+01:00")).practitionerId == "dr-roux")
        let christmas = rota.who(at: instant("2026-12-25T03:00:00+01:00"))
        #expect(christmas.practitionerId == "dr-benali")
        #expect(christmas.until == instant("2026-12-26T08:00:00+01:00"))
    }

    @Test("its SMS templates fit one GSM-7 segment with the longest values")
    func templates() throws {
        let settings = try examplePlugin().settings
        for (key, template) in settings.templates.texts {
            #expect(SMSTemplates.problem(key: key, template: template, practiceName: settings.practiceShortName) == nil, "\(key)")
        }
    }
}
