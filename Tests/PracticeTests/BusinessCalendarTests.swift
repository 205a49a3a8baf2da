import Foundation
import Testing

@testable import Practice

@Suite struct BusinessCalendarTests {
    /// Monday–Friday 08:00-12:30 and 13:30-19:00, Europe/Paris, national holidays.
    static let weekdays = BusinessCalendar(
        timeZone: paris,
        weekly: Dictionary(
            uniqueKeysWithValues: [Weekday.monday, .tuesday, .wednesday, .thursday, .friday]
                .map { ($0, ranges("08:00-12:30", "13:30-19:00")) }))

    @Test(arguments: [
        ("2026-05-22T17:30:00Z", "2026-05-26"), // Friday 19:30; Whit Monday 2026-05-25 is a holiday
        ("2026-04-03T17:30:00Z", "2026-04-07"), // Friday 19:30; Easter Monday 2026-04-06
        ("2026-05-13T10:00:00Z", "2026-05-15"), // Wednesday; Ascension Thursday 2026-05-14
        ("2026-05-19T05:00:00Z", "2026-05-20"), // Tuesday 07:00, before opening: still strictly after
        ("2026-05-22T22:30:00Z", "2026-05-26"), // Saturday 00:30 local
        ("2026-12-24T10:00:00Z", "2026-12-28"), // Thursday; Christmas Friday
        ("2026-12-31T10:00:00Z", "2027-01-04") // Thursday; New Year Friday
    ])
    func nextBusinessDay(after: String, expected: String) {
        #expect(Self.weekdays.nextBusinessDay(after: instant(after)) == date(expected))
    }

    @Test(
        arguments: [
            // Tuesday 2026-05-19 (CEST, UTC+2).
            ("2026-05-19T10:45:00Z", false, nil, "2026-05-19T11:30:00Z", "pause déjeuner"), // 12:45 lunch
            ("2026-05-19T16:59:00Z", true, "2026-05-19T17:00:00Z", nil, nil), // 18:59
            ("2026-05-19T17:00:00Z", false, nil, "2026-05-20T06:00:00Z", "hors des heures d'ouverture"), // 19:00
            ("2026-05-19T06:00:00Z", true, "2026-05-19T10:30:00Z", nil, nil), // 08:00 sharp
            ("2026-05-19T10:30:00Z", false, nil, "2026-05-19T11:30:00Z", "pause déjeuner"), // 12:30 sharp
            ("2026-05-19T05:59:59Z", false, nil, "2026-05-19T06:00:00Z", "hors des heures d'ouverture"), // 07:59:59
            ("2026-05-14T08:00:00Z", false, nil, "2026-05-15T06:00:00Z", "jour férié : Ascension"),
            ("2026-05-14T21:59:00Z", false, nil, "2026-05-15T06:00:00Z", "jour férié : Ascension"),
            ("2026-05-22T17:30:00Z", false, nil, "2026-05-26T06:00:00Z", "hors des heures d'ouverture"), // Friday evening
            ("2026-05-25T09:00:00Z", false, nil, "2026-05-26T06:00:00Z", "jour férié : Lundi de Pentecôte"),
            ("2026-01-16T11:00:00Z", true, "2026-01-16T11:30:00Z", nil, nil) // winter, 12:00 CET
        ] as [(String, Bool, String?, String?, String?)])
    func isOpen(at: String, open: Bool, until: String?, nextOpening: String?, reason: String?) {
        let state = Self.weekdays.isOpen(at: instant(at))
        #expect(state.isOpen == open)
        #expect(state.until == until.map(instant))
        #expect(state.nextOpening == nextOpening.map(instant))
        #expect(state.reason?.description == reason)
    }

    @Test func ascensionIsClosedAllDay() {
        let day = Self.weekdays.dayHours(on: date("2026-05-14"))
        #expect(day.intervals.isEmpty && day.ranges.isEmpty)
        #expect(day.reason == .holiday(Holiday(date: date("2026-05-14"), name: "Ascension")))
        for hour in 0..<24 {
            let moment = instant("2026-05-13T22:00:00Z").addingTimeInterval(TimeInterval(hour * 3600))
            #expect(!Self.weekdays.isOpen(at: moment).isOpen)
        }
    }

    @Test func openingHoursOverAWeekend() {
        let days = Self.weekdays.openingHours(from: date("2026-05-22"), to: date("2026-05-26"))
        #expect(days.map(\.date.description) == ["2026-05-22", "2026-05-23", "2026-05-24", "2026-05-25", "2026-05-26"])
        #expect(days.map(\.reason?.description) == [nil, "hors des heures d'ouverture", "hors des heures d'ouverture", "jour férié : Lundi de Pentecôte", nil])
        #expect(
            days[0].intervals == [
                DateInterval(start: instant("2026-05-22T06:00:00Z"), end: instant("2026-05-22T10:30:00Z")),
                DateInterval(start: instant("2026-05-22T11:30:00Z"), end: instant("2026-05-22T17:00:00Z"))
            ])
        #expect(days[0].ranges == ranges("08:00-12:30", "13:30-19:00"))
        #expect(Self.weekdays.openingHours(from: date("2026-05-26"), to: date("2026-05-22")).isEmpty)
    }

    /// Open every day 08:00-12:00 (Sundays too), to look at daylight-saving Sundays.
    static let everyMorning = BusinessCalendar(
        timeZone: paris,
        weekly: Dictionary(uniqueKeysWithValues: Weekday.allCases.map { ($0, ranges("08:00-12:00")) }),
        holidays: .none)

    @Test(arguments: [
        ("2026-03-28", "2026-03-28T07:00:00Z", "2026-03-28T11:00:00Z"), // Saturday, CET
        ("2026-03-29", "2026-03-29T06:00:00Z", "2026-03-29T10:00:00Z"), // spring-forward Sunday, CEST
        ("2026-03-30", "2026-03-30T06:00:00Z", "2026-03-30T10:00:00Z"), // Monday after
        ("2026-10-24", "2026-10-24T06:00:00Z", "2026-10-24T10:00:00Z"), // Saturday, CEST
        ("2026-10-25", "2026-10-25T07:00:00Z", "2026-10-25T11:00:00Z"), // fall-back Sunday, CET
        ("2026-10-26", "2026-10-26T07:00:00Z", "2026-10-26T11:00:00Z") // Monday after
    ])
    func daylightSavingDays(day: String, start: String, end: String) {
        #expect(
            Self.everyMorning.dayHours(on: date(day)).intervals
                == [DateInterval(start: instant(start), end: instant(end))])
    }

    @Test(arguments: [
        // 2026-03-29: 02:00-03:00 local does not exist; a range across it is shortened.
        ("2026-03-29", "01:30-03:30", "2026-03-29T00:30:00Z", "2026-03-29T01:30:00Z", 3600.0),
        ("2026-03-29", "02:30-04:00", "2026-03-29T01:00:00Z", "2026-03-29T02:00:00Z", 3600.0),
        ("2026-03-29", "01:00-02:30", "2026-03-29T00:00:00Z", "2026-03-29T01:00:00Z", 3600.0),
        // 2026-10-25: 02:00-03:00 local happens twice; a range across it is lengthened.
        ("2026-10-25", "01:30-03:30", "2026-10-24T23:30:00Z", "2026-10-25T02:30:00Z", 10800.0),
        ("2026-03-28", "01:30-03:30", "2026-03-28T00:30:00Z", "2026-03-28T02:30:00Z", 7200.0)
    ])
    func nightRangesOnDaylightSavingDays(day: String, range: String, start: String, end: String, seconds: Double) {
        let calendar = BusinessCalendar(
            timeZone: paris, weekly: [:], holidays: .none,
            exceptionalOpenings: [date(day): ranges(range)])
        let hours = calendar.dayHours(on: date(day))
        #expect(hours.intervals == [DateInterval(start: instant(start), end: instant(end))])
        #expect(hours.intervals.first?.duration == seconds)
        #expect(hours.reason == nil)
    }

    @Test func rangeEntirelyInTheGapOpensNothing() {
        let calendar = BusinessCalendar(
            timeZone: paris, weekly: [:], holidays: .none,
            exceptionalOpenings: [date("2026-03-29"): ranges("02:00-03:00")])
        let hours = calendar.dayHours(on: date("2026-03-29"))
        #expect(hours.intervals.isEmpty)
        #expect(hours.reason == .outsideHours)
        #expect(calendar.nextBusinessDay(after: date("2026-03-28")) == nil)
    }

    static let summer = PracticeClosure(from: date("2026-08-03"), to: date("2026-08-21"), reason: "Congés d'été")
    static let withClosure = BusinessCalendar(
        timeZone: paris,
        weekly: weekdays.weekly,
        holidays: .alsaceMoselle,
        closures: [summer],
        exceptionalOpenings: [
            date("2026-08-10"): ranges("09:00-12:00"), // inside the closure
            date("2026-05-14"): ranges("09:00-12:00"), // Ascension
            date("2026-06-03"): [] // a Wednesday closed for the day
        ])

    @Test(
        arguments: [
            ("2026-08-03T08:00:00Z", false, "2026-08-10T07:00:00Z", "fermeture : Congés d'été"),
            ("2026-08-10T08:00:00Z", true, nil, nil),
            ("2026-08-10T10:00:00Z", false, "2026-08-24T06:00:00Z", "hors des heures d'ouverture"),
            ("2026-08-21T08:00:00Z", false, "2026-08-24T06:00:00Z", "fermeture : Congés d'été"),
            ("2026-05-14T08:00:00Z", true, nil, nil),
            ("2026-04-03T08:00:00Z", false, "2026-04-07T06:00:00Z", "jour férié : Vendredi saint"),
            ("2026-12-26T08:00:00Z", false, "2026-12-28T07:00:00Z", "jour férié : Saint-Étienne"),
            ("2026-06-03T08:00:00Z", false, "2026-06-04T06:00:00Z", "hors des heures d'ouverture")
        ] as [(String, Bool, String?, String?)])
    func closuresAndExceptionalOpenings(at: String, open: Bool, nextOpening: String?, reason: String?) {
        let state = Self.withClosure.isOpen(at: instant(at))
        #expect(state.isOpen == open)
        #expect(state.nextOpening == nextOpening.map(instant))
        #expect(state.reason?.description == reason)
    }

    @Test func untilFollowsAdjacentRangesAcrossMidnight() {
        let calendar = BusinessCalendar(
            timeZone: paris,
            weekly: [.friday: ranges("08:00-12:00", "12:00-14:00", "20:00-24:00"), .saturday: ranges("00:00-08:00")],
            holidays: .none)
        // Friday 2026-05-22 09:00 local: open until 14:00, next opening 20:00 (not 12:00).
        let morning = calendar.isOpen(at: instant("2026-05-22T07:00:00Z"))
        #expect(morning.until == instant("2026-05-22T12:00:00Z"))
        #expect(calendar.nextOpening(after: instant("2026-05-22T07:00:00Z")) == instant("2026-05-22T18:00:00Z"))
        // Friday 23:00 local: open until Saturday 08:00.
        #expect(calendar.isOpen(at: instant("2026-05-22T21:00:00Z")).until == instant("2026-05-23T06:00:00Z"))
        // Saturday 01:00 local.
        #expect(calendar.isOpen(at: instant("2026-05-22T23:00:00Z")).until == instant("2026-05-23T06:00:00Z"))
    }

    @Test func alwaysOpenAndNeverOpen() {
        let always = BusinessCalendar(
            timeZone: paris,
            weekly: Dictionary(uniqueKeysWithValues: Weekday.allCases.map { ($0, ranges("00:00-24:00")) }),
            holidays: .none)
        let state = always.isOpen(at: instant("2026-03-29T01:30:00Z"))
        #expect(state.isOpen && state.until == nil)
        #expect(always.nextOpening(after: instant("2026-03-29T01:30:00Z")) == nil)

        let never = BusinessCalendar(timeZone: paris, weekly: [:])
        let closed = never.isOpen(at: instant("2026-05-19T10:00:00Z"))
        #expect(!closed.isOpen && closed.nextOpening == nil && closed.reason == .outsideHours)
        #expect(never.nextBusinessDay(after: instant("2026-05-19T10:00:00Z")) == nil)
    }

    @Test func overlappingRangesAreMerged() {
        let calendar = BusinessCalendar(
            timeZone: paris, weekly: [.tuesday: ranges("13:00-15:00", "08:00-12:00", "11:00-13:30")],
            holidays: .none)
        #expect(
            calendar.dayHours(on: date("2026-05-19")).intervals
                == [DateInterval(start: instant("2026-05-19T06:00:00Z"), end: instant("2026-05-19T13:00:00Z"))])
    }

    @Test func openStateEncodesForTheWire() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        encoder.dateEncodingStrategy = .iso8601
        let closed = Self.weekdays.isOpen(at: instant("2026-05-14T08:00:00Z"))
        #expect(
            String(decoding: try encoder.encode(closed), as: UTF8.self)
                == #"{"nextOpening":"2026-05-15T06:00:00Z","open":false,"reason":"jour férié : Ascension"}"#)
        let open = Self.weekdays.isOpen(at: instant("2026-05-15T06:00:00Z"))
        #expect(
            String(decoding: try encoder.encode(open), as: UTF8.self)
                == #"{"open":true,"until":"2026-05-15T10:30:00Z"}"#)
    }
}
