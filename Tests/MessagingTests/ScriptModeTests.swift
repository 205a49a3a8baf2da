import Foundation
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
        Case(at: "2026-03-30T12:30:00+02:00", site: "centre", waiting: 9, mode: "closed", nextOpening: "2026-03-30T11:30:00Z"),
        Case(at: "2026-03-30T13:29:00+02:00", site: "centre", waiting: 0, mode: "closed", nextOpening: "2026-03-30T11:30:00Z"),
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
        // The antenne's summer closure (practice.closures) is a holiday-mode closure too.
        Case(at: "2027-08-10T10:00:00+02:00", site: "chenes", waiting: 0, mode: "holiday", nextOpening: "2027-08-23T06:30:00Z"),
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
        #expect(script["closedReason"]?.stringValue == "outside hours")
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
        #expect(script["closedReason"]?.stringValue == "holiday: Lundi de Pâques")
        #expect(script["instructions"]?.stringValue?.contains("Le cabinet rouvre demain à 8 h.") == true)
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
