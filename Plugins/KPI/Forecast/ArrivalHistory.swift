import Foundation
import Kernel
import Practice

/// The arrival history the forecaster learns from: incoming calls (journal and imported) counted
/// per local interval.
///
/// Days: every day from the first to the last day with a call. A day with no call is kept (as
/// zeros) when the main site's phone line is closed that day (Sundays, holidays, closures), and
/// treated as missing otherwise (an open day without a single call is a gap in the data).
package struct ArrivalHistory: Sendable {
    package let counts: [ArrivalCount]
    package let holidays: Set<LocalDate>
    package let firstDay: LocalDate?
    package let lastDay: LocalDate?

    /// Reads the practice's calls offered before `before` (all of them when nil).
    package static func load(
        before: Date?, intervalMinutes: Int, directory: PracticeDirectory, practiceId: String, store: Store
    ) async throws -> ArrivalHistory {
        let end = before ?? Date(timeIntervalSince1970: 1e11)
        let (entries, calls) = try await store.read { db in
            (
                try ContactJournal.entries(from: Date(timeIntervalSince1970: 0), to: end, practiceId: practiceId, in: db),
                try KPICallStore.records(from: Date(timeIntervalSince1970: 0), to: end, practiceId: practiceId, in: db)
            )
        }
        var instants = calls.map(\.offeredAt)
        instants += entries.filter { $0.direction == .inbound && $0.channel == .phone && !KPICallJournal.isImportedCall($0) }.map(\.offeredAt)
        return ArrivalHistory(
            instants: instants, intervalMinutes: intervalMinutes, calendar: directory.calendars[directory.mainSite.id],
            zone: directory.timeZone)
    }

    package init(instants: [Date], intervalMinutes: Int, calendar: BusinessCalendar?, zone: TimeZone) {
        var cells: [IntervalKey: Int] = [:]
        for t in instants {
            let l = LocalDateTime(t, in: zone)
            cells[IntervalKey(date: l.date, minuteOfDay: l.time.minutesSinceMidnight / intervalMinutes * intervalMinutes), default: 0] += 1
        }
        let days = Set(cells.keys.map(\.date))
        firstDay = days.min()
        lastDay = days.max()
        var holidays = Set<LocalDate>()
        var counts = cells.map { ArrivalCount(interval: $0.key, count: $0.value) }
        if let first = firstDay, let last = lastDay {
            var d = first
            while d <= last {
                if calendar?.holidays.holiday(on: d) != nil { holidays.insert(d) }
                if !days.contains(d), let calendar, !calendar.dayHours(on: d).isOpenDay {
                    counts.append(ArrivalCount(interval: IntervalKey(date: d, minuteOfDay: 0), count: 0))
                }
                d = d.adding(days: 1)
            }
            // Holidays of the forecast horizon too (a year ahead).
            for y in last.year...(last.year + 1) {
                for h in calendar?.holidays.holidays(year: y) ?? [] { holidays.insert(h.date) }
            }
        }
        self.counts = counts.sorted { $0.interval < $1.interval }
        self.holidays = holidays
    }
}
