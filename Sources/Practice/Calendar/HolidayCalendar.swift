/// Which public holidays close a practice: `none`, `france` (the 11 national holidays) or
/// `alsace-moselle` (national plus Good Friday and 26 December). Raw values are the
/// configuration values (`practice.holidays: france`).
package enum HolidayCalendar: String, Sendable, Hashable, Codable, CaseIterable {
    case none
    case france
    case alsaceMoselle = "alsace-moselle"

    /// The holidays of `year`, sorted by date (empty for `none`).
    package func holidays(year: Int) -> [Holiday] {
        switch self {
        case .none: []
        case .france: FrenchHolidays.holidays(year: year)
        case .alsaceMoselle: FrenchHolidays.holidays(year: year, alsaceMoselle: true)
        }
    }

    /// The holiday on `date`, if any.
    package func holiday(on date: LocalDate) -> Holiday? {
        switch self {
        case .none: nil
        case .france: FrenchHolidays.holiday(on: date)
        case .alsaceMoselle: FrenchHolidays.holiday(on: date, alsaceMoselle: true)
        }
    }
}
