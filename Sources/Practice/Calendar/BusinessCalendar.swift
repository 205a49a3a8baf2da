package import Foundation

/// The opening hours of one site: weekly ranges, public holidays, practice closures and
/// exceptional openings, in an IANA time zone.
///
/// Rules are local wall-clock times expanded per local date, so daylight-saving days are right
/// by construction. For a date, the first rule that applies wins:
/// 1. an exceptional opening for that date (its ranges; an empty list closes the day),
/// 2. a practice closure containing the date,
/// 3. a public holiday of `holidays`,
/// 4. the weekly ranges of its weekday (the gaps between them are breaks, e.g. lunch: `ClosedReason.lunchBreak`).
/// Overlapping or adjacent ranges are merged. Searches look at most `searchLimitDays` ahead.
package struct BusinessCalendar: Sendable, Hashable {
    package var timeZone: TimeZone
    package var weekly: [Weekday: [LocalTimeRange]]
    package var holidays: HolidayCalendar
    package var closures: [PracticeClosure]
    package var exceptionalOpenings: [LocalDate: [LocalTimeRange]]

    /// How far ahead `nextOpening`, `nextBusinessDay` and `OpenState.until` look.
    package static let searchLimitDays = 400

    package init(
        timeZone: TimeZone,
        weekly: [Weekday: [LocalTimeRange]],
        holidays: HolidayCalendar = .france,
        closures: [PracticeClosure] = [],
        exceptionalOpenings: [LocalDate: [LocalTimeRange]] = [:]
    ) {
        self.timeZone = timeZone
        self.weekly = weekly
        self.holidays = holidays
        self.closures = closures
        self.exceptionalOpenings = exceptionalOpenings
    }

    /// The hours of one local date.
    package func dayHours(on date: LocalDate) -> DayHours {
        let ranges: [LocalTimeRange]
        var reason: ClosedReason?
        if let exceptional = exceptionalOpenings[date] {
            ranges = exceptional
        } else if let closure = closures.first(where: { $0.contains(date) }) {
            ranges = []
            reason = .closure(closure)
        } else if let holiday = holidays.holiday(on: date) {
            ranges = []
            reason = .holiday(holiday)
        } else {
            ranges = weekly[date.weekday] ?? []
        }
        let sorted = ranges.sorted()
        var intervals: [DateInterval] = []
        for range in sorted {
            let start = LocalDateTime(date, range.start).instantOrNextValid(in: timeZone)
            let end = LocalDateTime(date, range.end).instantOrNextValid(in: timeZone)
            guard start < end else { continue }
            if let last = intervals.last, start <= last.end {
                intervals[intervals.count - 1] = DateInterval(start: last.start, end: max(last.end, end))
            } else {
                intervals.append(DateInterval(start: start, end: end))
            }
        }
        if intervals.isEmpty && reason == nil { reason = .outsideHours }
        if !intervals.isEmpty { reason = nil }
        return DayHours(date: date, ranges: sorted, intervals: intervals, reason: reason)
    }

    /// The hours of every local date from `from` to `to` inclusive (empty when `to < from`).
    package func openingHours(from: LocalDate, to: LocalDate) -> [DayHours] {
        guard from <= to else { return [] }
        return (0...from.days(until: to)).map { dayHours(on: from.adding(days: $0)) }
    }

    /// Whether the site is open at `instant`; see `OpenState`.
    package func isOpen(at instant: Date) -> OpenState {
        let date = LocalDate(instant, in: timeZone)
        let today = dayHours(on: date)
        if today.intervals.contains(where: { $0.start <= instant && instant < $0.end }) {
            var until = instant
            for interval in intervals(from: date) {
                if interval.end <= until { continue }
                if interval.start > until { return .open(until: until) }
                until = interval.end
            }
            return .open(until: nil)
        }
        let betweenRanges = today.intervals.contains { $0.end <= instant } && today.intervals.contains { $0.start > instant }
        return .closed(reason: today.reason ?? (betweenRanges ? .lunchBreak : .outsideHours), nextOpening: nextOpening(after: instant))
    }

    /// The first instant strictly after `instant` when the site goes from closed to open,
    /// within `searchLimitDays`; nil if it never opens. While open, that is the reopening
    /// after the current opening ends.
    package func nextOpening(after instant: Date) -> Date? {
        var previousEnd: Date?
        for interval in intervals(from: LocalDate(instant, in: timeZone)) {
            if let end = previousEnd, interval.start <= end {
                previousEnd = max(end, interval.end)
                continue
            }
            if interval.start > instant { return interval.start }
            previousEnd = interval.end
        }
        return nil
    }

    /// The first local date strictly after the local date of `instant` on which the site opens;
    /// nil if there is none within `searchLimitDays`.
    package func nextBusinessDay(after instant: Date) -> LocalDate? {
        nextBusinessDay(after: LocalDate(instant, in: timeZone))
    }

    /// The first local date strictly after `date` on which the site opens; nil if there is none
    /// within `searchLimitDays`.
    package func nextBusinessDay(after date: LocalDate) -> LocalDate? {
        (1...Self.searchLimitDays).lazy.map { date.adding(days: $0) }.first { dayHours(on: $0).isOpenDay }
    }

    /// Opening intervals of `searchLimitDays` local dates from `date`, in time order, built lazily.
    private func intervals(from date: LocalDate) -> some Sequence<DateInterval> {
        (0..<Self.searchLimitDays).lazy.flatMap { dayHours(on: date.adding(days: $0)).intervals }
    }
}
