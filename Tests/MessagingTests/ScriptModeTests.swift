import Foundation
import JSONRPC
import Kernel
import Practice
import Testing

@testable import Messaging

/// The script mode through the week of 2026-03-29 (spring-forward Sunday) to Easter Monday
/// 2026-04-06, with lunch closures, a Saturday morning and the clock injected.
@Suite struct ScriptModeTests {
    struct Case: CustomStringConvertible, Sendable {
        let at: String
        let site: String
        let waiting: Int
        let mode: String
        let nextOpening: String?
        var description: String { "\(site) \(at) waiting \(waiting) → \(mode)" }
    }

    static let week: [Case] = [
        // Saturday before the change: the centre's Saturday morning, then closed until Monday,
        // whose 08:00 is already summer time (06:00Z, not 07:00Z).
        Case(at: "2026-03-28T09:00:00+01:00", site: "centre", waiting: 0, mode: "open", nextOpening: nil),
        Case(at: "2026-03-28T12:00:00+01:00", site: "centre", waiting: 0, mode: "closed", nextOpening: "2026-03-30T06:00:00Z"),
        // Sunday 29 March, clocks go forward at 02:00.
        Case(at: "2026-03-29T01:59:00+01:00", site: "centre", waiting: 0, mode: "closed", nextOpening: "2026-03-30T06:00:00Z"),
        Case(at: "2026-03-29T03:00:00+02:00", site: "centre", waiting: 0, mode: "closed", nextOpening: "2026-03-30T06:00:00Z"),
        // Monday: opening, lunch closure, afternoon, overflow above the threshold (3), evening.
        Case(at: "2026-03-30T07:59:00+02:00", site: "centre", waiting: 0, mode: "closed", nextOpening: "2026-03-30T06:00:00Z"),
        Case(at: "2026-03-30T08:00:00+02:00", site: "centre", waiting: 0, mode: "open", nextOpening: nil),
        Case(at: "2026-03-30T10:00:00+02:00", site: "centre", waiting: 3, mode: "open", nextOpening: nil),
        Case(at: "2026-03-30T10:00:00+02:00", site: "centre", waiting: 4, mode: "overflow", nextOpening: nil),
        Case(at: "2026-03-30T12:30:00+02:00", site: "centre", waiting: 9, mode: "lunchBreak", nextOpening: "2026-03-30T11:30:00Z"),
        Case(at: "2026-03-30T13:29:00+02:00", site: "centre", waiting: 0, mode: "lunchBreak", nextOpening: "2026-03-30T11:30:00Z"),
        Case(at: "2026-03-30T13:30:00+02:00", site: "centre", waiting: 0, mode: "open", nextOpening: nil),
        Case(at: "2026-03-30T19:00:00+02:00", site: "centre", waiting: 0, mode: "closed", nextOpening: "2026-03-31T06:00:00Z"),
        // The antenne closes on Wednesday afternoons.
        Case(at: "2026-04-01T15:00:00+02:00", site: "chenes", waiting: 0, mode: "closed", nextOpening: "2026-04-02T06:30:00Z"),
        // Friday evening before Easter: the antenne reopens on Tuesday (Saturday, Sunday, Easter Monday closed).
        Case(at: "2026-04-03T19:30:00+02:00", site: "chenes", waiting: 0, mode: "closed", nextOpening: "2026-04-07T06:30:00Z"),
        Case(at: "2026-04-04T09:00:00+02:00", site: "centre", waiting: 0, mode: "open", nextOpening: nil),
        Case(at: "2026-04-05T10:00:00+02:00", site: "centre", waiting: 0, mode: "closed", nextOpening: "2026-04-07T06:00:00Z"),
        // Easter Monday, a public holiday: holiday mode all day, even in the usual hours.
        Case(at: "2026-04-06T10:00:00+02:00", site: "centre", waiting: 5, mode: "holiday", nextOpening: "2026-04-07T06:00:00Z"),
        Case(at: "2026-04-06T10:00:00+02:00", site: "chenes", waiting: 0, mode: "holiday", nextOpening: "2026-04-07T06:30:00Z"),
        Case(at: "2026-04-07T08:00:00+02:00", site: "centre", waiting: 0, mode: "open", nextOpening: nil),
        // The antenne's summer closure (practice.closures) has a mode of its own.
        Case(at: "2027-08-10T10:00:00+02:00", site: "chenes", waiting: 0, mode: "closure", nextOpening: "2027-08-23T06:30:00Z")
    ]

    @Test(arguments: week)
    func modeThroughTheWeek(_ c: Case) async throws {
        let h = try await MessagingHarness(now: c.at)
        defer { Task { await h.shutdown() } }
        // No `at`: the script follows the injected clock.
        let script = try await h.ok("messaging.script", ["siteId": .string(c.site), "waitingCalls": .int(c.waiting)])
        #expect(script["mode"]?.stringValue == c.mode)
        #expect(script["at"]?.stringValue.flatMap(RFC3339.parse) == instant(c.at))
        let next = script["nextOpening"]?.stringValue.flatMap(RFC3339.parse)
        #expect(next == c.nextOpening.map(instant))
        #expect(script["greeting"]?.stringValue?.hasPrefix("Maison de santé pluriprofessionnelle des Tilleuls, bonjour.") == true)
        #expect(script["options"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == ["takeMessage", "tryLater", "triageEmergency"])
    }

    @Test func closedScriptSaysWhenThePracticeReopensAndHowToReachOnCall() async throws {
        let h = try await MessagingHarness(now: "2026-04-03T19:30:00+02:00")
        defer { Task { await h.shutdown() } }
        let script = try await h.ok("messaging.script", ["siteId": "chenes"])
        let instructions = try #require(script["instructions"]?.stringValue)
        #expect(instructions.contains("Le cabinet rouvre mardi à 8 h 30."))
        #expect(instructions.contains("joignable par notre service"))
        #expect(!instructions.contains("{"))
        #expect(script["closedReason"]?.stringValue == "hors des heures d'ouverture")
        #expect(script["closedReasonKind"]?.stringValue == "outsideHours")
        // Friday evening to Tuesday morning: the on-call doctor is the weekend's.
        #expect(instructions.contains("le médecin de garde ce week-end est joignable"))
        let options = try #require(script["options"]?.arrayValue)
        #expect(options[1]["label"]?.stringValue == "Rappeler plus tard (mardi à 8 h 30)")
        #expect(options[0]["method"]?.stringValue == "messaging.take")
    }

    @Test func holidayScriptNamesTheHolidayAndTomorrowsOpening() async throws {
        let h = try await MessagingHarness(now: "2026-04-06T11:00:00+02:00")
        defer { Task { await h.shutdown() } }
        let script = try await h.ok("messaging.script", [:])
        #expect(script["mode"]?.stringValue == "holiday")
        #expect(script["siteId"]?.stringValue == "centre")
        #expect(script["closedReason"]?.stringValue == "jour férié : Lundi de Pâques")
        #expect(script["closedReasonKind"]?.stringValue == "holiday")
        #expect(
            script["greeting"]?.stringValue
                == "Maison de santé pluriprofessionnelle des Tilleuls, bonjour. Le cabinet est fermé aujourd'hui, jour férié (Lundi de Pâques).")
        #expect(script["instructions"]?.stringValue?.contains("Le cabinet rouvre demain à 8 h.") == true)
    }

    @Test func closureScriptNamesTheClosureNotAHoliday() async throws {
        // The practice's closure of the example: 7–8 May 2027, « Pont de l'Ascension ».
        let h = try await MessagingHarness(now: "2027-05-07T10:00:00+02:00")
        defer { Task { await h.shutdown() } }
        let script = try await h.ok("messaging.script", ["siteId": "centre"])
        #expect(script["mode"]?.stringValue == "closure")
        #expect(script["closedReason"]?.stringValue == "fermeture : Pont de l'Ascension")
        #expect(script["closedReasonKind"]?.stringValue == "closure")
        let greeting = try #require(script["greeting"]?.stringValue)
        #expect(greeting.hasSuffix("Le cabinet est fermé (Pont de l'Ascension)."))
        #expect(!greeting.contains("férié"))
        #expect(script["instructions"]?.stringValue?.contains("Le cabinet rouvre lundi à 8 h.") == true)
    }

    @Test func closureWithAReasonOfItsOwnIsNamedAsConfigured() async throws {
        let yaml = ExamplePractice.yaml.replacingOccurrences(
            of: "    - {from: \"2027-05-07\", to: \"2027-05-08\", reason: Pont de l'Ascension}",
            with: "    - {from: \"2026-07-20\", to: \"2026-08-02\", reason: congés d'été}")
        let h = try await MessagingHarness(yaml: yaml, now: "2026-07-22T10:00:00+02:00")
        defer { Task { await h.shutdown() } }
        let script = try await h.ok("messaging.script", ["siteId": "centre"])
        #expect(script["greeting"]?.stringValue?.hasSuffix("Le cabinet est fermé (congés d'été).") == true)
        #expect(script["closedReason"]?.stringValue == "fermeture : congés d'été")
    }

    @Test func lunchBreakSaysWhenTheDeskReopensAndNothingOfTheNight() async throws {
        let h = try await MessagingHarness(now: "2026-03-30T12:45:00+02:00")
        defer { Task { await h.shutdown() } }
        let script = try await h.ok("messaging.script", ["siteId": "centre"])
        #expect(script["mode"]?.stringValue == "lunchBreak")
        #expect(script["closedReason"]?.stringValue == "pause déjeuner")
        #expect(script["closedReasonKind"]?.stringValue == "lunchBreak")
        let instructions = try #require(script["instructions"]?.stringValue)
        #expect(instructions.contains("Le cabinet rouvre aujourd'hui à 13 h 30."))
        #expect(!instructions.contains("nuit") && !instructions.contains("garde"))
    }

    struct Period: Sendable, CustomStringConvertible {
        let at: String
        let site: String
        let words: String
        var description: String { "\(site) \(at) → \(words)" }
    }

    /// The on-call doctor is « de garde » for the right spell: the night after the evening
    /// closing, the weekend from Friday evening, the public holiday.
    @Test(arguments: [
        Period(at: "2026-03-30T19:00:00+02:00", site: "centre", words: "le médecin de garde cette nuit est"),
        Period(at: "2026-03-31T02:00:00+02:00", site: "centre", words: "le médecin de garde cette nuit est"),
        Period(at: "2026-03-30T07:30:00+02:00", site: "centre", words: "le médecin de garde ce matin est"),
        Period(at: "2026-04-01T15:00:00+02:00", site: "chenes", words: "le médecin de garde cet après-midi est"),
        Period(at: "2026-04-03T19:30:00+02:00", site: "chenes", words: "le médecin de garde ce week-end est"),
        Period(at: "2026-03-28T12:00:00+01:00", site: "centre", words: "le médecin de garde ce week-end est")
    ])
    func closedScriptNamesTheOnCallSpell(_ p: Period) async throws {
        let h = try await MessagingHarness(now: p.at)
        defer { Task { await h.shutdown() } }
        let script = try await h.ok("messaging.script", ["siteId": .string(p.site)])
        #expect(script["mode"]?.stringValue == "closed")
        #expect(script["instructions"]?.stringValue?.contains(p.words) == true, "\(script["instructions"] ?? .null)")
    }

    @Test func periodAndHolidayPlaceholdersInConfiguredScripts() async throws {
        let yaml = ExamplePractice.yaml.replacingOccurrences(
            of: "      greeting: \"{practice}, bonjour. Le cabinet est fermé aujourd'hui, jour férié ({holiday}).\"",
            with: "      greeting: \"{practice} : fermé {period} ({holiday}).\"")
        let h = try await MessagingHarness(yaml: yaml, now: "2026-04-06T11:00:00+02:00")
        defer { Task { await h.shutdown() } }
        let script = try await h.ok("messaging.script", [:])
        #expect(script["greeting"]?.stringValue == "Maison de santé pluriprofessionnelle des Tilleuls : fermé aujourd'hui, jour férié (Lundi de Pâques).")
    }

    @Test func explicitInstantOverridesTheClock() async throws {
        let h = try await MessagingHarness(now: "2026-04-07T10:00:00+02:00")
        defer { Task { await h.shutdown() } }
        let script = try await h.ok("messaging.script", ["at": "2026-04-06T10:00:00+02:00"])
        #expect(script["mode"]?.stringValue == "holiday")
    }

    @Test func overflowThresholdZeroNeverOverflows() async throws {
        let yaml = ExamplePractice.yaml.replacingOccurrences(of: "  overflowThreshold: 3", with: "  overflowThreshold: 0")
        let h = try await MessagingHarness(yaml: yaml, now: "2026-04-07T10:00:00+02:00")
        defer { Task { await h.shutdown() } }
        let script = try await h.ok("messaging.script", ["waitingCalls": 50])
        #expect(script["mode"]?.stringValue == "open")
    }

    @Test func badParamsNameTheField() async throws {
        let h = try await MessagingHarness()
        defer { Task { await h.shutdown() } }
        let unknownSite = await h.error("messaging.script", ["siteId": "nulle-part"])
        #expect(unknownSite?.code == .unprocessable)
        #expect(unknownSite?.data?["field"]?.stringValue == "siteId")
        let negative = await h.error("messaging.script", ["waitingCalls": -1])
        #expect(negative?.data?["field"]?.stringValue == "waitingCalls")
        let badInstant = await h.error("messaging.script", ["at": "demain"])
        #expect(badInstant?.code == .invalidParams)
        #expect(badInstant?.data?["field"]?.stringValue == "at")
    }
}
