import Foundation
import JSONRPC
import Kernel
import Testing

@testable import Practice

/// `calendar.*` through the dispatcher, with the example practice: daylight-saving changes,
/// holidays on working days, next business day, bad input.
@Suite struct CalendarRPCTests {
    // MARK: isOpen across the 2026 daylight-saving changes (centre: Sat 08:30-12:00, closed Sunday)

    @Test(
        "isOpen around the spring-forward weekend (2026-03-29)",
        arguments: [
            // at, open, until, nextOpening, reason
            ("2026-03-28T11:00:00+01:00", true, "2026-03-28T12:00:00+01:00", nil, nil),
            ("2026-03-28T12:00:00+01:00", false, nil, "2026-03-30T08:00:00+02:00", "hors des heures d'ouverture"),
            ("2026-03-29T01:59:00+01:00", false, nil, "2026-03-30T08:00:00+02:00", "hors des heures d'ouverture"),
            ("2026-03-29T03:00:00+02:00", false, nil, "2026-03-30T08:00:00+02:00", "hors des heures d'ouverture"),
            ("2026-03-30T08:00:00+02:00", true, "2026-03-30T12:30:00+02:00", nil, nil),
            ("2026-03-30T12:45:00+02:00", false, nil, "2026-03-30T13:30:00+02:00", "pause déjeuner")
        ] as [(String, Bool, String?, String?, String?)])
    func isOpenSpring(_ at: String, _ open: Bool, _ until: String?, _ next: String?, _ reason: String?) async throws {
        try await checkIsOpen(at, open, until, next, reason)
    }

    @Test(
        "isOpen around the fall-back weekend (2026-10-25)",
        arguments: [
            ("2026-10-24T11:59:00+02:00", true, "2026-10-24T12:00:00+02:00", nil, nil),
            ("2026-10-24T12:05:00+02:00", false, nil, "2026-10-26T08:00:00+01:00", "hors des heures d'ouverture"),
            ("2026-10-25T02:30:00+02:00", false, nil, "2026-10-26T08:00:00+01:00", "hors des heures d'ouverture"),
            ("2026-10-25T02:30:00+01:00", false, nil, "2026-10-26T08:00:00+01:00", "hors des heures d'ouverture"),
            ("2026-10-26T07:59:00+01:00", false, nil, "2026-10-26T08:00:00+01:00", "hors des heures d'ouverture"),
            ("2026-10-26T18:59:00+01:00", true, "2026-10-26T19:00:00+01:00", nil, nil)
        ] as [(String, Bool, String?, String?, String?)])
    func isOpenAutumn(_ at: String, _ open: Bool, _ until: String?, _ next: String?, _ reason: String?) async throws {
        try await checkIsOpen(at, open, until, next, reason)
    }

    func checkIsOpen(_ at: String, _ open: Bool, _ until: String?, _ next: String?, _ reason: String?) async throws {
        let h = try await PracticeHarness()
        let r = try await h.ok("calendar.isOpen", ["siteId": "centre", "at": .string(at)])
        #expect(r["siteId"]?.stringValue == "centre")
        #expect(r["open"]?.boolValue == open)
        #expect(r["until"]?.stringValue == until)
        #expect(r["nextOpening"]?.stringValue == next)
        #expect(r["reason"]?.stringValue == reason)
    }

    @Test func lunchBreakIsNamedApartFromTheEvening() async throws {
        let h = try await PracticeHarness()
        let lunch = try await h.ok("calendar.isOpen", ["siteId": "centre", "at": "2026-03-30T12:45:00+02:00"])
        #expect(lunch["reasonKind"]?.stringValue == "lunchBreak")
        #expect(lunch["reason"]?.stringValue == "pause déjeuner")
        let evening = try await h.ok("calendar.isOpen", ["siteId": "centre", "at": "2026-03-30T19:30:00+02:00"])
        #expect(evening["reasonKind"]?.stringValue == "outsideHours")
        #expect(evening["reason"]?.stringValue == "hors des heures d'ouverture")
    }

    @Test func isOpenDefaultsToNowAndTheFirstSite() async throws {
        let h = try await PracticeHarness(now: "2026-06-16T09:00:00+02:00") // a Tuesday morning
        let r = try await h.ok("calendar.isOpen")
        #expect(r["siteId"]?.stringValue == "centre")
        #expect(r["at"]?.stringValue == "2026-06-16T09:00:00+02:00")
        #expect(r["open"]?.boolValue == true)
        #expect(r["until"]?.stringValue == "2026-06-16T12:30:00+02:00")
        h.clock.set(instant("2026-06-16T21:00:00+02:00"))
        let evening = try await h.ok("calendar.isOpen", [])
        #expect(evening["open"]?.boolValue == false)
        #expect(evening["nextOpening"]?.stringValue == "2026-06-17T08:00:00+02:00")
    }

    @Test func openingHoursAcrossTheSpringChange() async throws {
        let h = try await PracticeHarness()
        let r = try await h.ok("calendar.openingHours", ["siteId": "centre", "from": "2026-03-27", "to": "2026-03-30"])
        #expect(r["timezone"]?.stringValue == "Europe/Paris")
        let days = try #require(r["days"]?.arrayValue)
        #expect(days.map { $0["date"]?.stringValue } == ["2026-03-27", "2026-03-28", "2026-03-29", "2026-03-30"])
        #expect(days.map { $0["weekday"]?.stringValue } == ["friday", "saturday", "sunday", "monday"])
        let friday = try #require(days[0]["ranges"]?.arrayValue)
        #expect(friday.map { "\($0["localStart"]!.stringValue!)-\($0["localEnd"]!.stringValue!)" } == ["08:00-12:30", "13:30-18:30"])
        #expect(friday[0]["start"]?.stringValue == "2026-03-27T08:00:00+01:00")
        #expect(days[2]["open"]?.boolValue == false)
        #expect(days[2]["reason"]?.stringValue == "hors des heures d'ouverture")
        #expect(days[2]["ranges"]?.arrayValue?.isEmpty == true)
        let monday = try #require(days[3]["ranges"]?.arrayValue)
        #expect(monday[0]["start"]?.stringValue == "2026-03-30T08:00:00+02:00")
        #expect(monday[0]["localStart"]?.stringValue == "08:00")
        #expect(monday[1]["end"]?.stringValue == "2026-03-30T19:00:00+02:00")
    }

    @Test func openingHoursAcrossTheAutumnChange() async throws {
        let h = try await PracticeHarness()
        let r = try await h.ok("calendar.openingHours", ["siteId": "centre", "from": "2026-10-24", "to": "2026-10-26"])
        let days = try #require(r["days"]?.arrayValue)
        #expect(days[0]["ranges"]?[0]?["start"]?.stringValue == "2026-10-24T08:30:00+02:00")
        #expect(days[1]["open"]?.boolValue == false)
        #expect(days[2]["ranges"]?[0]?["start"]?.stringValue == "2026-10-26T08:00:00+01:00")
        #expect(days[2]["ranges"]?[0]?["localStart"]?.stringValue == "08:00")
    }

    /// A line open through the night on Sundays: the DST days are 1 hour shorter and longer.
    static let nightLine = ExamplePractice.yaml.replacingOccurrences(
        of: "      saturday:  [\"08:30-12:00\"]\n  - id: chenes",
        with: "      saturday:  [\"08:30-12:00\"]\n      sunday:    [\"01:00-04:00\"]\n  - id: chenes")

    /// The example practice with `practice.exceptionalOpenings` entries (YAML flow mappings).
    static func withOpenings(_ entries: [String]) -> String {
        ExamplePractice.yaml.replacingOccurrences(
            of: "  # exceptionalOpenings: dated hours",
            with: "  exceptionalOpenings:\n" + entries.map { "    - " + $0 + "\n" }.joined() + "  # exceptionalOpenings: dated hours")
    }

    @Test func rangesThroughTheChangeHourAreExpandedInRealTime() async throws {
        #expect(Self.nightLine.contains("sunday:    [\"01:00-04:00\"]"))
        let h = try await PracticeHarness(yaml: Self.nightLine)
        let r = try await h.ok("calendar.openingHours", ["siteId": "centre", "from": "2026-03-29", "to": "2026-10-25"])
        let days = try #require(r["days"]?.arrayValue)
        func range(_ date: String) throws -> JSONValue {
            try #require(days.first { $0["date"]?.stringValue == date }?["ranges"]?[0])
        }
        let spring = try range("2026-03-29")
        let autumn = try range("2026-10-25")
        let ordinary = try range("2026-06-14")
        #expect(spring["start"]?.stringValue == "2026-03-29T01:00:00+01:00")
        #expect(spring["end"]?.stringValue == "2026-03-29T04:00:00+02:00")
        #expect(instant(spring["end"]!.stringValue!).timeIntervalSince(instant(spring["start"]!.stringValue!)) == 2 * 3600)
        #expect(autumn["start"]?.stringValue == "2026-10-25T01:00:00+02:00")
        #expect(autumn["end"]?.stringValue == "2026-10-25T04:00:00+01:00")
        #expect(instant(autumn["end"]!.stringValue!).timeIntervalSince(instant(autumn["start"]!.stringValue!)) == 4 * 3600)
        #expect(instant(ordinary["end"]!.stringValue!).timeIntervalSince(instant(ordinary["start"]!.stringValue!)) == 3 * 3600)
        // 02:30 happens twice on 2026-10-25: open both times, until 04:00 (+01:00).
        for at in ["2026-10-25T02:30:00+02:00", "2026-10-25T02:30:00+01:00"] {
            let s = try await h.ok("calendar.isOpen", ["siteId": "centre", "at": .string(at)])
            #expect(s["open"]?.boolValue == true)
            #expect(s["until"]?.stringValue == "2026-10-25T04:00:00+01:00")
        }
        // 03:30 (+02:00) on 2026-03-29 is 30 minutes before the close.
        let s = try await h.ok("calendar.isOpen", ["siteId": "centre", "at": "2026-03-29T03:30:00+02:00"])
        #expect(s["until"]?.stringValue == "2026-03-29T04:00:00+02:00")
    }

    // MARK: holidays on working days

    @Test(
        "a holiday on a working day closes the line",
        arguments: [
            ("2026-05-14T10:00:00+02:00", "jour férié : Ascension", "2026-05-15T08:00:00+02:00"), // Thursday
            ("2026-04-06T09:00:00+02:00", "jour férié : Lundi de Pâques", "2026-04-07T08:00:00+02:00"),
            ("2026-11-11T15:00:00+01:00", "jour férié : Armistice", "2026-11-12T08:00:00+01:00") // Wednesday
        ])
    func holidayIsClosed(_ at: String, _ reason: String, _ next: String) async throws {
        let h = try await PracticeHarness()
        let r = try await h.ok("calendar.isOpen", ["siteId": "centre", "at": .string(at)])
        #expect(r["open"]?.boolValue == false)
        #expect(r["reason"]?.stringValue == reason)
        #expect(r["reasonKind"]?.stringValue == "holiday")
        #expect(r["nextOpening"]?.stringValue == next)
    }

    @Test func openingHoursNameTheHoliday() async throws {
        let h = try await PracticeHarness()
        let r = try await h.ok("calendar.openingHours", ["siteId": "chenes", "from": "2026-05-13", "to": "2026-05-15"])
        let days = try #require(r["days"]?.arrayValue)
        #expect(days.map { $0["open"]?.boolValue } == [true, false, true])
        #expect(days[1]["reason"]?.stringValue == "jour férié : Ascension")
        #expect(days[1]["holiday"]?.stringValue == "Ascension")
        #expect(days[0]["ranges"]?.arrayValue?.map { $0["localStart"]!.stringValue! } == ["08:30"]) // Wednesday: mornings only
    }

    @Test func closuresAndExceptionalOpeningsFromConfiguration() async throws {
        let yaml = Self.withOpenings([
            #"{date: "2026-05-14", ranges: ["09:00-12:00"], site: centre, reason: Permanence de l'Ascension}"#,
            #"{date: "2026-06-16", ranges: []}"#
        ])
        #expect(yaml.contains("Permanence de l'Ascension}"))
        let h = try await PracticeHarness(yaml: yaml)
        let ascension = try await h.ok("calendar.isOpen", ["siteId": "centre", "at": "2026-05-14T10:00:00+02:00"])
        #expect(ascension["open"]?.boolValue == true)
        #expect(ascension["until"]?.stringValue == "2026-05-14T12:00:00+02:00")
        let other = try await h.ok("calendar.isOpen", ["siteId": "chenes", "at": "2026-05-14T10:00:00+02:00"])
        #expect(other["open"]?.boolValue == false)
        let closedDay = try await h.ok("calendar.isOpen", ["siteId": "chenes", "at": "2026-06-16T10:00:00+02:00"])
        #expect(closedDay["open"]?.boolValue == false)
        #expect(closedDay["nextOpening"]?.stringValue == "2026-06-17T08:30:00+02:00")
        // The practice closure of the example (2027-05-07/08, Pont de l'Ascension).
        let bridge = try await h.ok("calendar.isOpen", ["siteId": "centre", "at": "2027-05-07T10:00:00+02:00"])
        #expect(bridge["reason"]?.stringValue == "fermeture : Pont de l'Ascension")
        #expect(bridge["reasonKind"]?.stringValue == "closure")
        #expect(bridge["nextOpening"]?.stringValue == "2027-05-10T08:00:00+02:00")
        let info = try await h.ok("practice.info")
        #expect(info["exceptionalOpenings"]?.arrayValue?.count == 2)
    }

    @Test func exceptionalOpeningOnAnUnknownSiteFailsTheConfiguration() throws {
        let yaml = Self.withOpenings([#"{date: "2026-05-14", ranges: ["09:00-12:00"], site: nowhere}"#])
        let doc = try ConfigurationDocument(yaml: yaml)
        #expect(throws: ConfigurationError.self) { try PracticePlugin(configuration: doc) }
        do { _ = try PracticePlugin(configuration: doc) } catch {
            #expect(error.issues.contains { $0.path == "practice.exceptionalOpenings[0].site" })
        }
    }

    // MARK: next business day

    @Test(
        "nextBusinessDay skips weekends and holidays",
        arguments: [
            ("chenes", "2026-05-22T19:00:00+02:00", "2026-05-26", "2026-05-26T08:30:00+02:00"), // Whit Monday 25 May
            ("chenes", "2026-04-03T19:30:00+02:00", "2026-04-07", "2026-04-07T08:30:00+02:00"), // Easter Monday 6 April
            ("centre", "2026-05-22T19:00:00+02:00", "2026-05-23", "2026-05-23T08:30:00+02:00"), // centre opens Saturday
            ("centre", "2026-03-28T18:00:00+01:00", "2026-03-30", "2026-03-30T08:00:00+02:00") // across the DST change
        ])
    func nextBusinessDay(_ site: String, _ after: String, _ expected: String, _ opensAt: String) async throws {
        let h = try await PracticeHarness()
        let r = try await h.ok("calendar.nextBusinessDay", ["siteId": .string(site), "after": .string(after)])
        #expect(r["date"]?.stringValue == expected)
        #expect(r["opensAt"]?.stringValue == opensAt)
        #expect(r["day"]?["open"]?.boolValue == true)
    }

    @Test func nextBusinessDayByPosition() async throws {
        let h = try await PracticeHarness()
        let r = try await h.ok("calendar.nextBusinessDay", ["2026-05-22T19:00:00+02:00", "chenes"])
        #expect(r["date"]?.stringValue == "2026-05-26")
    }

    // MARK: bad input

    @Test(
        "bad calendar input names the field",
        arguments: [
            ("calendar.isOpen", ["siteId": "nowhere"], -32022, "siteId"),
            ("calendar.openingHours", ["siteId": "nowhere", "from": "2026-05-01", "to": "2026-05-02"], -32022, "siteId"),
            ("calendar.nextBusinessDay", ["siteId": "nowhere", "after": "2026-05-01T10:00:00+02:00"], -32022, "siteId"),
            ("calendar.openingHours", ["siteId": "centre", "from": "2026-05-10", "to": "2026-05-01"], -32022, "to"),
            ("calendar.openingHours", ["siteId": "centre", "from": "2026-01-01", "to": "2027-01-02"], -32022, "to"),
            ("calendar.openingHours", ["siteId": "centre", "from": "2026-02-30", "to": "2026-03-02"], -32602, "from"),
            ("calendar.isOpen", ["at": "2026-05-01 10:00"], -32602, "at"),
            ("calendar.nextBusinessDay", ["siteId": "centre"], -32602, "after")
        ] as [(String, JSONValue, Int, String)])
    func badInput(_ method: String, _ params: JSONValue, _ code: Int, _ field: String) async throws {
        let h = try await PracticeHarness()
        let error = try await h.failure(method, params)
        #expect(error.code.rawValue == code)
        #expect(error.field == field)
    }

    @Test func a366DaySpanIsAccepted() async throws {
        let h = try await PracticeHarness()
        let r = try await h.ok("calendar.openingHours", ["siteId": "centre", "from": "2028-01-01", "to": "2028-12-31"])
        #expect(r["days"]?.arrayValue?.count == 366)
    }
}
