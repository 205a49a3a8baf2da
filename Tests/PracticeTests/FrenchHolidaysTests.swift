import Foundation
import PermanenceTesting
import Testing

@testable import Practice

@Suite struct FrenchHolidaysTests {
    /// Holidays of 2024–2035 from the Python `holidays` package, as "date -> set of names".
    /// Fails (never skips) when python3 or the package is missing.
    static func reference(subdivision: String?) throws -> [LocalDate: Set<String>] {
        let subdiv = subdivision.map { "subdiv='\($0)', " } ?? ""
        let script = """
            import holidays
            for d, name in sorted(holidays.France(\(subdiv)years=range(2024, 2036), language='fr').items()):
                print(d.isoformat() + '\\t' + name)
            """
        let output: ChildProcess.Output
        do {
            output = try ChildProcess.run("python3", ["-c", script])
        } catch {
            Issue.record("cannot run python3 (\(error)); install Python 3 and `pip install holidays` to check the holidays")
            throw error
        }
        try #require(
            output.status == 0,
            """
            python3 with the `holidays` package is required for this test (`pip install holidays`); \
            python3 exited with \(output.status): \(output.stderr)
            """)
        var result: [LocalDate: Set<String>] = [:]
        for line in output.stdout.split(separator: "\n") {
            let fields = line.split(separator: "\t")
            let date = try #require(LocalDate(String(fields[0])), "unexpected line from python: \(line)")
            // The package joins several names of one date with "; ".
            result[date] = Set(fields[1].components(separatedBy: "; "))
        }
        try #require(result.count >= 11 * 12, "python returned only \(result.count) holidays")
        return result
    }

    static func ours(alsaceMoselle: Bool) -> [LocalDate: Set<String>] {
        var result: [LocalDate: Set<String>] = [:]
        for year in 2024...2035 {
            for holiday in FrenchHolidays.holidays(year: year, alsaceMoselle: alsaceMoselle) {
                result[holiday.date, default: []].insert(holiday.name)
            }
        }
        return result
    }

    @Test(arguments: [(false, nil), (true, "57")] as [(Bool, String?)])
    func matchesPythonHolidays(alsaceMoselle: Bool, subdivision: String?) throws {
        let expected = try Self.reference(subdivision: subdivision)
        let actual = Self.ours(alsaceMoselle: alsaceMoselle)
        for date in Set(expected.keys).union(actual.keys).sorted() {
            #expect(actual[date] == expected[date], "\(date): ours \(actual[date] ?? []), python \(expected[date] ?? [])")
        }
        #expect(actual.count == (alsaceMoselle ? 13 : 11) * 12)
    }

    @Test(arguments: [
        (2024, "2024-03-31"), (2025, "2025-04-20"), (2026, "2026-04-05"), (2027, "2027-03-28"),
        (2038, "2038-04-25"), (2285, "2285-03-22"), (1943, "1943-04-25"), (2019, "2019-04-21"),
        (2000, "2000-04-23"), (1818, "1818-03-22")
    ])
    func easterSunday(year: Int, expected: String) {
        #expect(FrenchHolidays.easterSunday(year: year) == date(expected))
        #expect(FrenchHolidays.easterSunday(year: year).weekday == .sunday)
    }

    @Test(arguments: [
        ("2026-04-06", HolidayCalendar.france, "Lundi de Pâques"),
        ("2026-05-14", .france, "Ascension"),
        ("2026-05-25", .france, "Lundi de Pentecôte"),
        ("2026-04-03", .alsaceMoselle, "Vendredi saint"),
        ("2026-12-26", .alsaceMoselle, "Saint-Étienne"),
        ("2026-07-14", .alsaceMoselle, "Fête nationale")
    ])
    func holidayOnDate(day: String, calendar: HolidayCalendar, name: String) {
        #expect(calendar.holiday(on: date(day))?.name == name)
        #expect(HolidayCalendar.none.holiday(on: date(day)) == nil)
    }

    @Test(arguments: ["2026-04-03", "2026-12-26", "2026-04-05", "2026-06-01", "2026-05-15"])
    func notNationalHolidays(day: String) {
        #expect(HolidayCalendar.france.holiday(on: date(day)) == nil)
    }

    @Test func ascensionCanFallOnFirstOfMay() {
        // 2008: Ascension on 1 May; both are kept.
        let names = FrenchHolidays.holidays(year: 2008).filter { $0.date == date("2008-05-01") }.map(\.name)
        #expect(Set(names) == ["Ascension", "Fête du Travail"])
    }

    @Test func configurationValues() throws {
        #expect(
            try JSONDecoder().decode([HolidayCalendar].self, from: Data(#"["france","alsace-moselle","none"]"#.utf8))
                == [.france, .alsaceMoselle, .none])
    }
}
