package import Foundation
package import Kernel
package import Practice

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

    /// Reads the calls of the practices `practiceIds` (one, or a pool, counted together) offered
    /// before `before` (all of them when nil); days and closures are those of `directory`.
    package static func load(
        before: Date?, intervalMinutes: Int, directory: PracticeDirectory, practiceIds: [String], store: Store
    ) async throws -> ArrivalHistory {
        let instants = try await arrivals(before: before, practiceIds: practiceIds, store: store).flatMap(\.self)
        return ArrivalHistory(
            instants: instants, intervalMinutes: intervalMinutes, calendar: directory.calendars[directory.mainSite.id], zone: directory.timeZone)
    }

    /// One history per practice of `practiceIds`, in that order, read in one transaction (what
    /// `kpi.staffing {pooled: true}` forecasts each practice's own queue from).
    package static func loadEach(
        before: Date?, intervalMinutes: Int, directory: PracticeDirectory, practiceIds: [String], store: Store
    ) async throws -> [ArrivalHistory] {
        try await arrivals(before: before, practiceIds: practiceIds, store: store).map {
            ArrivalHistory(instants: $0, intervalMinutes: intervalMinutes, calendar: directory.calendars[directory.mainSite.id], zone: directory.timeZone)
        }
    }

    /// The instants incoming calls were offered before `before`, per practice of `practiceIds`.
    private static func arrivals(before: Date?, practiceIds: [String], store: Store) async throws -> [[Date]] {
        let end = before ?? Date(timeIntervalSince1970: 1e11)
        let origin = Date(timeIntervalSince1970: 0)
        return try await store.read { db in
            var instants = Dictionary(uniqueKeysWithValues: practiceIds.map { ($0, [Date]()) })
            for (id, r) in try KPICallStore.records(from: origin, to: end, practiceIds: practiceIds, in: db) { instants[id]?.append(r.offeredAt) }
            for id in practiceIds {
                instants[id]! += try ContactJournal.entries(from: origin, to: end, practiceId: id, in: db)
                    .filter { $0.direction == .inbound && $0.channel == .phone && !KPICallJournal.isImportedCall($0) }.map(\.offeredAt)
            }
            return practiceIds.map { instants[$0]! }
        }
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
