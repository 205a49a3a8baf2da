import Foundation
import Practice

/// Expands a practitioner's local schedule into candidate slots, one local date at a time.
///
/// Candidates are laid on each consultation range from its start, every `stepMinutes`, as long as
/// the appointment ends inside the range. They are computed as local wall-clock times and
/// converted per date, so a slot at a time that does not exist (spring forward) is skipped, no
/// instant is produced twice (fall back) and every slot lies inside the local schedule. Reserved
/// blocks restrict which types may use the time they cover.
struct SlotGenerator: Sendable {
    let practitioner: PractitionerAgenda
    let timeZone: TimeZone
    let calendars: [String: BusinessCalendar]

    /// Candidates of `type` on `date` at `siteId`, in time order.
    func candidates(type: AppointmentType, siteId: String, on date: LocalDate) -> [CandidateSlot] {
        let ranges = practitioner.ranges(on: date, siteId: siteId, calendar: calendars[siteId])
        guard !ranges.isEmpty else { return [] }
        let clock = LocalDayClock(date: date, timeZone: timeZone)
        let weekday = date.weekday
        let blockBound = practitioner.blockBoundTypes.contains(type.id)
        let blocks = practitioner.reservedBlocks
        var out: [CandidateSlot] = []
        for range in ranges {
            let rangeStart = range.start.minutesSinceMidnight
            let rangeEnd = range.end.minutesSinceMidnight
            let rangeStartInstant = clock.instantOrNextValid(minutes: rangeStart)
            let rangeEndInstant = clock.instantOrNextValid(minutes: rangeEnd)
            var minute = rangeStart
            while minute + type.minutes <= rangeEnd {
                defer { minute += type.stepMinutes }
                let end = minute + type.minutes
                if blockBound {
                    guard blocks.contains(where: { $0.types.contains(type.id) && $0.contains(siteId: siteId, weekday: weekday, start: minute, end: end) })
                    else { continue }
                } else if blocks.contains(where: { $0.overlaps(siteId: siteId, weekday: weekday, start: minute, end: end) }) {
                    continue
                }
                guard let startInstant = clock.instant(minutes: minute), startInstant >= rangeStartInstant else { continue }
                let endInstant = startInstant.addingTimeInterval(Double(type.minutes * 60))
                guard endInstant <= rangeEndInstant else { continue }
                out.append(CandidateSlot(
                    practitionerId: practitioner.id, siteId: siteId, start: startInstant, end: endInstant,
                    blockEnd: endInstant.addingTimeInterval(Double(type.bufferMinutes * 60)),
                    localDate: date, localStart: LocalTime(minutesSinceMidnight: minute)!))
            }
        }
        return out
    }
}
