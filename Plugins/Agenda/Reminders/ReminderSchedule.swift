package import Foundation
package import Practice

/// When an appointment's reminder goes out: the rule of `ReminderSettings` on the practice's
/// wall clock, so that a reminder two days before a Monday 10:00 goes on Saturday at 10:00 local
/// time whatever the daylight-saving change in between.
package struct ReminderSchedule: Sendable {
    package let settings: ReminderSettings
    package let timeZone: TimeZone
    package let holidays: HolidayCalendar

    /// Days looked at, forwards or backwards, for an allowed time (two weeks of holidays and Sundays).
    static let searchDays = 14
    /// The latest a reminder goes on an allowed day when it is moved backwards: this long before the end of the allowed hours.
    static let lastCallMinutes = 15

    package init(settings: ReminderSettings, timeZone: TimeZone, holidays: HolidayCalendar) {
        self.settings = settings
        self.timeZone = timeZone
        self.holidays = holidays
    }

    /// Whether reminders may go out on `date`.
    package func isAllowed(_ date: LocalDate) -> Bool {
        if date.weekday == .sunday && !settings.sundays { return false }
        if !settings.publicHolidays && holidays.holiday(on: date) != nil { return false }
        return true
    }

    /// Whether a reminder may go out at `instant`.
    package func isAllowed(at instant: Date) -> Bool {
        let local = LocalDateTime(instant, in: timeZone)
        return isAllowed(local.date) && settings.allowedHours.contains(local.time)
    }

    /// The send time of the reminder of an appointment of `typeId` at `start` booked at `bookedAt`,
    /// nil when it gets none (type without reminders, booked after its reminder time, no allowed
    /// time between the booking and the appointment's last notice).
    package func sendTime(typeId: String, start: Date, bookedAt: Date) -> Date? {
        guard settings.sends(typeId: typeId) else { return nil }
        let lead = settings.daysBefore(typeId: typeId, start: start, bookedAt: bookedAt)
        let local = LocalDateTime(start, in: timeZone)
        let nominal = LocalDateTime(local.date.adding(days: -lead), local.time).instantOrNextValid(in: timeZone)
        guard nominal >= bookedAt else { return nil }
        let latest = start.addingTimeInterval(-settings.minimumNoticeHours * 3600)
        if let forward = nextAllowed(from: nominal), forward <= latest { return forward }
        if let backward = previousAllowed(from: nominal), backward >= bookedAt, backward <= latest { return backward }
        return nil
    }

    /// `instant` when allowed, otherwise the start of the next allowed hours.
    func nextAllowed(from instant: Date) -> Date? {
        let local = LocalDateTime(instant, in: timeZone)
        let hours = settings.allowedHours
        for offset in 0...Self.searchDays {
            let day = local.date.adding(days: offset)
            guard isAllowed(day) else { continue }
            if offset == 0 {
                if hours.contains(local.time) { return instant }
                if local.time < hours.start { return LocalDateTime(day, hours.start).instantOrNextValid(in: timeZone) }
                continue
            }
            return LocalDateTime(day, hours.start).instantOrNextValid(in: timeZone)
        }
        return nil
    }

    /// `instant` when allowed, otherwise the last call of the previous allowed hours.
    func previousAllowed(from instant: Date) -> Date? {
        let local = LocalDateTime(instant, in: timeZone)
        let hours = settings.allowedHours
        let lastCall = LocalTime(minutesSinceMidnight: max(hours.start.minutesSinceMidnight, hours.end.minutesSinceMidnight - Self.lastCallMinutes))!
        for offset in 0...Self.searchDays {
            let day = local.date.adding(days: -offset)
            guard isAllowed(day) else { continue }
            if offset == 0 {
                if hours.contains(local.time) { return instant }
                if local.time >= hours.end { return LocalDateTime(day, lastCall).instantOrNextValid(in: timeZone) }
                continue
            }
            return LocalDateTime(day, lastCall).instantOrNextValid(in: timeZone)
        }
        return nil
    }
}
