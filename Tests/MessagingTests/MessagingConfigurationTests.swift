import Foundation
import Kernel
import Practice
import Testing

@testable import Messaging

@Suite struct MessagingConfigurationTests {
    func issues(_ messaging: String) throws -> [ConfigurationIssue] {
        let start = ExamplePractice.yaml.range(of: "\nmessaging:")!
        let end = ExamplePractice.yaml.range(of: "\n# ----", range: start.upperBound..<ExamplePractice.yaml.endIndex)!
        let yaml = ExamplePractice.yaml.replacingCharacters(in: start.lowerBound..<end.lowerBound, with: "\nmessaging:\n" + messaging)
        let doc = try ConfigurationDocument(yaml: yaml)
        let directory = try PracticePlugin(configuration: doc).directory
        do {
            _ = try MessagingPlugin(configuration: doc, directory: directory)
            return []
        } catch {
            return error.issues
        }
    }

    @Test func exampleAndDefaultsAreValid() async throws {
        let doc = try ConfigurationDocument(yaml: ExamplePractice.yaml)
        let plugin = try MessagingPlugin(configuration: doc, directory: try PracticePlugin(configuration: doc).directory)
        #expect(plugin.configuration.overflowThreshold == 3)
        #expect(plugin.configuration.urgentCallbackHours == 2)
        #expect(plugin.configuration.normalCallbackDelayMinutes == 240)
        #expect(try issues("  overflowThreshold: 2\n").isEmpty)
    }

    @Test(arguments: [
        ("  scripts:\n    closed:\n      greeting: \"Bonjour {patient}\"\n", "messaging.scripts.closed.greeting", "unknown placeholder {patient}"),
        ("  scripts:\n    nuit:\n      greeting: Bonjour\n", "messaging.scripts.nuit", "unknown key"),
        // A closure is not a holiday: each mode has the name it can fill.
        (
            "  scripts:\n    closure:\n      greeting: \"Fermé, jour férié ({holiday})\"\n", "messaging.scripts.closure.greeting",
            "unknown placeholder {holiday}"
        ),
        ("  scripts:\n    closed:\n      greeting: \"Fermé ({closure})\"\n", "messaging.scripts.closed.greeting", "unknown placeholder {closure}"),
        ("  overflowThreshold: -1\n", "messaging.overflowThreshold", "between 0 and 1000"),
        ("  urgentCallbackHours: deux\n", "messaging.urgentCallbackHours", "integer"),
        ("  sms:\n    urgentMessage: \"{practice} : message urgent, rappeler le {callback}.\"\n", "messaging.sms.urgentMessage", "{code}"),
        ("  sms:\n    urgentMessage: \"{practice} : rappelez vite le {callback} ; réf. {code}. Merci, ça presse.\"\n", "messaging.sms.urgentMessage", "GSM-7"),
        (
            "  sms:\n    urgentMessage: \"{practice} {code} {callback} " + String(repeating: "x", count: 130) + "\"\n", "messaging.sms.urgentMessage",
            "one SMS segment"
        ),
        ("  sms:\n    urgentMessage: \"{practice} {code} {patientName}\"\n", "messaging.sms.urgentMessage", "unknown placeholder"),
        // 160 characters with a 14-character French number, 162 with the longest E.164 number (`+` and 15 digits).
        (
            "  sms:\n    urgentMessage: \"{practice} {code} {callback} " + String(repeating: "x", count: 125) + "\"\n", "messaging.sms.urgentMessage",
            "a number of 16 characters"
        ),
        ("  prescriptionRenewal: {essentialOutOfStock: transfer}\n", "messaging.prescriptionRenewal.transferNumber", "required"),
        ("  prescriptionRenewal: {essentialOutOfStock: fax}\n", "messaging.prescriptionRenewal.essentialOutOfStock", "sms or transfer"),
        ("  urgentSmsNumber: \"12\"\n", "messaging.urgentSmsNumber", "digits"),
        ("  notice: {}\n", "messaging.notice", "unknown key")
    ])
    func problemsAreReportedWithPathAndLine(_ messaging: String, _ path: String, _ fragment: String) throws {
        let found = try issues(messaging)
        let issue = try #require(found.first { $0.path == path }, "no issue at \(path) in \(found)")
        #expect(issue.message.contains(fragment), "\(issue.message)")
        #expect(issue.line != nil)
    }

    @Test func lineNumbersPointAtTheValue() throws {
        let found = try issues("  overflowThreshold: 3\n  urgentCallbackHours: 100\n")
        let issue = try #require(found.first)
        let lines = ExamplePractice.yaml.components(separatedBy: "\n")
        let messagingLine = try #require(lines.firstIndex(of: "messaging:")) + 1
        #expect(issue.line == messagingLine + 2 || issue.line == messagingLine + 1)
    }
}

@Suite struct TextTests {
    @Test func templatesRenderAndListPlaceholders() {
        let t = MessageTemplate("{practice}, bonjour. Rouvre {nextOpening} {{pas un champ}} {x-y}.")
        #expect(t.placeholders == ["practice", "nextOpening"])
        #expect(t.render(["practice": "MSP", "nextOpening": "demain à 8 h"]) == "MSP, bonjour. Rouvre demain à 8 h {{pas un champ}} {x-y}.")
    }

    @Test func frenchWording() {
        let w = FrenchWording(timeZone: paris)
        let now = instant("2026-04-03T19:30:00+02:00")
        #expect(w.at(instant("2026-04-03T20:00:00+02:00"), from: now) == "aujourd'hui à 20 h")
        #expect(w.at(instant("2026-04-04T08:30:00+02:00"), from: now) == "demain à 8 h 30")
        #expect(w.at(instant("2026-04-07T08:05:00+02:00"), from: now) == "mardi à 8 h 05")
        #expect(w.before(instant("2026-04-10T14:30:00+02:00"), from: now) == "vendredi 10 avril avant 14 h 30")
        #expect(w.before(instant("2026-05-01T09:00:00+02:00"), from: now) == "vendredi 1er mai avant 9 h")
        #expect(w.repeatPhrase(count: 3, since: instant("2026-04-02T17:40:00+02:00"), now: now) == "3e appel depuis hier 17:40")
        #expect(w.repeatPhrase(count: 2, since: instant("2026-03-30T08:00:00+02:00"), now: now) == "2e appel depuis lundi 08:00")
        #expect(w.repeatPhrase(count: 4, since: instant("2026-03-20T08:00:00+01:00"), now: now) == "4e appel depuis 20/03 08:00")
    }

    @Test func deadlineSkipsDaylightSavingNightCorrectly() {
        // Saturday 2026-03-28 after closing: the centre reopens on Monday, the first summer-time day.
        let calendar = BusinessCalendar(timeZone: paris, weekly: [.monday: [LocalTimeRange("08:00-12:30")!, LocalTimeRange("13:30-19:00")!]])
        let due = CallbackDeadline.normal(takenAt: instant("2026-03-28T20:00:00+01:00"), calendar: calendar, delayMinutes: 300)
        // 08:00–12:30 is 270 minutes; 30 more after lunch.
        #expect(due == instant("2026-03-30T14:00:00+02:00"))
    }
}
