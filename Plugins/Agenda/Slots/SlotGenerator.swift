import Foundation
import Kernel
import Practice

/// Expands a practitioner's local schedule into candidate slots, one local date at a time.
///
/// Candidates are laid on each consultation range from its start, every `stepMinutes`, as long as
/// the appointment ends inside the range. They are computed as local wall-clock times and
/// converted per date, so a slot at a time that does not exist (spring forward) is skipped, no
/// instant is produced twice (fall back) and every slot lies inside the local schedule. Reserved
/// blocks restrict which types may use the time they cover. Days that follow the week on one UTC
/// offset take their start times from `WeeklyStarts`, expanded once. Built once per practitioner
/// and shared (a class: a search hands it around without copying the practitioner's rules).
final class SlotGenerator: Sendable {
    let practitioner: PractitionerAgenda
    let timeZone: TimeZone
    let calendars: [String: BusinessCalendar]
    let weekly: WeeklyStarts
    /// The zone's offset table, looked up once rather than per day.
    let offsets: ZoneOffsets

    init(practitioner: PractitionerAgenda, timeZone: TimeZone, calendars: [String: BusinessCalendar], weekly: WeeklyStarts) {
        self.practitioner = practitioner
        self.timeZone = timeZone
        self.calendars = calendars
        self.weekly = weekly
        offsets = ZoneOffsets.of(timeZone)
    }

    /// Candidates of `type` on `date` at `siteId`, in time order; `week` is
    /// `weekly.week(typeId: type.id, siteId: siteId)` when the caller holds it.
    func candidates(type: AppointmentType, siteId: String, on date: LocalDate, week: [[Int]]? = nil) -> [CandidateSlot] {
        let plan = practitioner.plan(on: date, siteId: siteId, calendar: calendars[siteId])
        if case .off = plan { return [] }
        let clock = LocalDayClock(date: date, timeZone: timeZone, offsets: offsets)
        if case .weekly = plan, let offset = clock.fixedOffset {
            // An ordinary day: every start of the week's table exists once, at midnight + minutes − offset.
            let base = clock.midnightNaive - Double(offset)
            let minutes = week.map { $0[date.weekday.isoNumber - 1] } ?? weekly.minutes(typeId: type.id, siteId: siteId, weekday: date.weekday)
            return minutes.map { minute in
                candidate(type: type, minute: minute, start: Date(timeIntervalSince1970: base + Double(minute * 60)))
            }
        }
        let ranges: [LocalTimeRange]
        switch plan {
        case .off: return []
        case .exception(let r): ranges = r
        case .weekly: ranges = (practitioner.schedule[siteId]?[date.weekday] ?? []).sorted()
        }
        guard !ranges.isEmpty else { return [] }
        var out: [CandidateSlot] = []
        for range in ranges {
            let rangeStartInstant = clock.instantOrNextValid(minutes: range.start.minutesSinceMidnight)
            let rangeEndInstant = clock.instantOrNextValid(minutes: range.end.minutesSinceMidnight)
            for minute in Self.startMinutes(of: type, in: [range], siteId: siteId, weekday: date.weekday, practitioner: practitioner) {
                guard let startInstant = clock.instant(minutes: minute), startInstant >= rangeStartInstant else { continue }
                guard startInstant.addingTimeInterval(Double(type.minutes * 60)) <= rangeEndInstant else { continue }
                out.append(candidate(type: type, minute: minute, start: startInstant))
            }
        }
        return out
    }

    private func candidate(type: AppointmentType, minute: Int, start: Date) -> CandidateSlot {
        let end = start.addingTimeInterval(Double(type.minutes * 60))
        return CandidateSlot(
            start: start, end: end, blockEnd: end.addingTimeInterval(Double(type.bufferMinutes * 60)),
            localStart: LocalTime(minutesSinceMidnight: minute)!)
    }

    /// Local start minutes of `type` in `ranges` on `weekday` at `siteId`: every `stepMinutes` from
    /// each range's start while the appointment fits, kept out of reserved blocks (or, for a type
    /// bound to blocks, kept inside them). Wall-clock only: daylight saving is the caller's business.
    static func startMinutes(
        of type: AppointmentType, in ranges: [LocalTimeRange], siteId: String, weekday: Weekday,
        practitioner: PractitionerAgenda
    ) -> [Int] {
        let blocks = practitioner.reservedBlocks
        let blockBound = blocks.contains { $0.types.contains(type.id) }
        var out: [Int] = []
        for range in ranges {
            let rangeEnd = range.end.minutesSinceMidnight
            var minute = range.start.minutesSinceMidnight
            while minute + type.minutes <= rangeEnd {
                defer { minute += type.stepMinutes }
                let end = minute + type.minutes
                if blockBound {
                    guard blocks.contains(where: { $0.types.contains(type.id) && $0.contains(siteId: siteId, weekday: weekday, start: minute, end: end) })
                    else { continue }
                } else if blocks.contains(where: { $0.overlaps(siteId: siteId, weekday: weekday, start: minute, end: end) }) {
                    continue
                }
                out.append(minute)
            }
        }
        return out
    }
}
