package import Foundation
package import Practice

/// When the practice promises to call back.
///
/// Urgent: `urgentCallbackHours` after the message, day and night. Normal: from the opening of the
/// next business day — the first day the site's phone line opens that starts after the message
/// (the same day when the message comes before that day's first opening) — plus
/// `normalCallbackDelayMinutes` counted in opening hours only, so lunch breaks, nights, public
/// holidays and closures do not count.
package enum CallbackDeadline {
    package static func urgent(takenAt: Date, hours: Int) -> Date {
        takenAt.addingTimeInterval(TimeInterval(hours) * 3600)
    }

    /// Nil when the site does not open within the calendar's search limit.
    package static func normal(takenAt: Date, calendar: BusinessCalendar, delayMinutes: Int) -> Date? {
        let today = LocalDate(takenAt, in: calendar.timeZone)
        let todayHours = calendar.dayHours(on: today)
        let startDay: LocalDate
        if let first = todayHours.intervals.first, first.start > takenAt {
            startDay = today
        } else if let next = calendar.nextBusinessDay(after: today) {
            startDay = next
        } else {
            return nil
        }
        var remaining = TimeInterval(delayMinutes * 60)
        for offset in 0..<BusinessCalendar.searchLimitDays {
            for interval in calendar.dayHours(on: startDay.adding(days: offset)).intervals {
                if remaining <= interval.duration { return interval.start.addingTimeInterval(remaining) }
                remaining -= interval.duration
            }
        }
        return nil
    }
}
