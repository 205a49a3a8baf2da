import Foundation
import Kernel

/// One local date of a site's opening hours, as `calendar.openingHours` and
/// `calendar.nextBusinessDay` answer it: the ranges as instants and as local `HH:mm`, or why the
/// site is closed that day.
struct OpeningDay: Encodable, Sendable {
    /// One opening range: instants (with the offset of that moment) and local wall-clock times.
    struct Range: Encodable, Sendable {
        let start: Date
        let end: Date
        let localStart: String
        let localEnd: String
    }

    let date: LocalDate
    let weekday: Weekday
    let open: Bool
    let ranges: [Range]
    /// Why the site is closed all day, in French: « jour férié : Ascension », « fermeture : congés
    /// d'été », « hors des heures d'ouverture ».
    let reason: String?
    /// The public holiday of this date, if any, even when an exceptional opening applies.
    let holiday: String?

    init(_ day: DayHours, calendar: BusinessCalendar) {
        date = day.date
        weekday = day.date.weekday
        open = day.isOpenDay
        reason = day.reason?.description
        holiday = calendar.holidays.holiday(on: day.date)?.name
        ranges = day.intervals.map { interval in
            Range(
                start: interval.start, end: interval.end,
                localStart: OpeningDay.local(interval.start, on: day.date, zone: calendar.timeZone),
                localEnd: OpeningDay.local(interval.end, on: day.date, zone: calendar.timeZone))
        }
    }

    /// `HH:mm` of `instant` seen on `date`; midnight after that date is `24:00`.
    static func local(_ instant: Date, on date: LocalDate, zone: TimeZone) -> String {
        let local = LocalDateTime(instant, in: zone)
        if local.date > date && local.time == .midnight { return LocalTime.endOfDay.description }
        return local.time.description
    }

    static var schema: Schema {
        .object([
            required("date", .date), required("weekday", .oneOf(Weekday.allCases.map(\.rawValue))), required("open", .boolean),
            required(
                "ranges",
                .array(
                    .object([
                        required("start", .instant), required("end", .instant),
                        required("localStart", .localTime), required("localEnd", .localTime)
                    ]))),
            optional("reason", .string, "Why the site is closed all day"),
            optional("holiday", .string, "The public holiday of this date")
        ])
    }
}
