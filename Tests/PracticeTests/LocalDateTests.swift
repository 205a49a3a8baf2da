import Foundation
import Testing

@testable import Practice

@Suite struct LocalDateTests {
    @Test(arguments: [
        ("2026-01-01", 2026, 1, 1),
        ("2024-02-29", 2024, 2, 29),
        ("2000-02-29", 2000, 2, 29),
        ("1970-01-01", 1970, 1, 1),
        ("9999-12-31", 9999, 12, 31),
        ("0001-01-01", 1, 1, 1)
    ])
    func parsesValidDates(text: String, year: Int, month: Int, day: Int) throws {
        let date = try #require(LocalDate(text))
        #expect(date.year == year && date.month == month && date.day == day)
        #expect(date.description == text)
    }

    @Test(arguments: [
        "2026-02-30", "2026-02-29", "1900-02-29", "2026-04-31", "2026-13-01", "2026-00-10",
        "2026-01-00", "2026-1-01", "26-01-01", "2026/01/01", "2026-01-01T00:00", " 2026-01-01",
        "", "abcd-ef-gh", "0000-01-01", "2026-01-١١"
    ])
    func rejectsInvalidDates(text: String) {
        #expect(LocalDate(text) == nil)
    }

    @Test(arguments: [
        ("1970-01-01", Weekday.thursday),
        ("2026-05-22", .friday),
        ("2026-05-25", .monday),
        ("2026-03-29", .sunday),
        ("2000-02-29", .tuesday),
        ("1969-12-31", .wednesday),
        ("2024-12-31", .tuesday)
    ])
    func weekday(text: String, weekday: Weekday) {
        #expect(date(text).weekday == weekday)
    }

    @Test(arguments: [
        ("2026-02-28", 1, "2026-03-01"),
        ("2024-02-28", 1, "2024-02-29"),
        ("2026-12-31", 1, "2027-01-01"),
        ("2026-03-01", -1, "2026-02-28"),
        ("2026-01-01", 365, "2027-01-01"),
        ("2024-01-01", 366, "2025-01-01"),
        ("1970-01-01", -1, "1969-12-31"),
        ("2026-05-22", 0, "2026-05-22")
    ])
    func addingDays(start: String, days: Int, expected: String) {
        #expect(date(start).adding(days: days) == date(expected))
        #expect(date(start).days(until: date(expected)) == days)
    }

    @Test func daysSince1970RoundTripsOverFourCenturies() {
        var previous = LocalDate(daysSince1970: -146_097 - 1)
        for days in -146_097...146_097 {
            let date = LocalDate(daysSince1970: days)
            #expect(date.daysSince1970 == days)
            #expect(previous < date)
            previous = date
        }
    }

    @Test func ordering() {
        #expect(date("2026-01-31") < date("2026-02-01"))
        #expect(date("2025-12-31") < date("2026-01-01"))
        #expect(!(date("2026-01-01") < date("2026-01-01")))
    }

    @Test(arguments: [
        ("2026-03-28T23:30:00Z", "Europe/Paris", "2026-03-29"),
        ("2026-03-28T22:59:59Z", "Europe/Paris", "2026-03-28"),
        ("2026-07-01T21:59:00Z", "Europe/Paris", "2026-07-01"),
        ("2026-07-01T22:00:00Z", "Europe/Paris", "2026-07-02"),
        ("2026-07-01T10:00:00Z", "Pacific/Kiritimati", "2026-07-02"),
        ("2026-07-01T10:00:00Z", "America/Cayenne", "2026-07-01"),
        ("1969-12-31T23:00:00Z", "UTC", "1969-12-31")
    ])
    func localDateOfInstant(utc: String, zone: String, expected: String) throws {
        let zone = try #require(TimeZone(identifier: zone))
        #expect(LocalDate(instant(utc), in: zone) == date(expected))
    }

    @Test func codesAsString() throws {
        let data = try JSONEncoder().encode([date("2026-05-25")])
        #expect(String(decoding: data, as: UTF8.self) == #"["2026-05-25"]"#)
        #expect(try JSONDecoder().decode([LocalDate].self, from: data) == [date("2026-05-25")])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([LocalDate].self, from: Data(#"["2026-02-30"]"#.utf8))
        }
    }

    @Test func codesAsDictionaryKey() throws {
        let openings = [date("2026-05-25"): ranges("09:00-12:00")]
        let data = try JSONEncoder().encode(openings)
        #expect(String(decoding: data, as: UTF8.self) == #"{"2026-05-25":["09:00-12:00"]}"#)
        #expect(try JSONDecoder().decode([LocalDate: [LocalTimeRange]].self, from: data) == openings)
    }
}

@Suite struct WeekdayTests {
    @Test func rawValuesAreConfigurationKeys() throws {
        #expect(
            Weekday.allCases.map(\.rawValue)
                == ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])
        #expect(Weekday.allCases.map(\.isoNumber) == Array(1...7))
        #expect(Weekday(isoNumber: 0) == nil && Weekday(isoNumber: 8) == nil)
        #expect(Weekday.wednesday.frenchName == "mercredi")
        let hours = try JSONDecoder().decode(
            [Weekday: [LocalTimeRange]].self, from: Data(#"{"monday": ["08:00-12:30", "13:30-19:00"]}"#.utf8))
        #expect(hours == [.monday: ranges("08:00-12:30", "13:30-19:00")])
    }
}
