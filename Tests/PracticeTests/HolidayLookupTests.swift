import Testing

@testable import Practice

/// The per-day holiday check (by arithmetic) agrees with the yearly list, for every day of 1900–2100.
@Suite struct HolidayLookupTests {
    @Test(arguments: [false, true])
    func everyDayAgreesWithTheYearsList(alsaceMoselle: Bool) {
        var day = LocalDate(year: 1900, month: 1, day: 1)!
        let end = LocalDate(year: 2101, month: 1, day: 1)!
        var year = 0
        var dates: Set<LocalDate> = []
        var holidays = 0
        while day < end {
            if day.year != year {
                year = day.year
                dates = Set(FrenchHolidays.holidays(year: year, alsaceMoselle: alsaceMoselle).map(\.date))
            }
            let expected = dates.contains(day)
            #expect(FrenchHolidays.isHoliday(day, alsaceMoselle: alsaceMoselle) == expected, "\(day)")
            #expect((FrenchHolidays.holiday(on: day, alsaceMoselle: alsaceMoselle) != nil) == expected, "\(day)")
            if expected { holidays += 1 }
            day = day.adding(days: 1)
        }
        #expect(holidays > 201 * 10)
    }
}
