import Foundation
import Practice

/// The slots of reserved blocks at the moment they open to more callers: a type with
/// `releaseHoursBefore` (the example's `urgence`, kept for staff, open to secretaries two hours
/// before) releases each of its block's slots then, and what is still free goes to the waiting
/// list like a cancelled slot (`WaitlistOffers.offer`, which checks it is still free and that the
/// booking rules would give it).
struct BlockReleases: Sendable {
    let rules: AgendaRules
    let timeZone: TimeZone

    /// One release: the instant a slot opens, and the slot.
    struct Release: Sendable, Equatable {
        var at: Date
        var slot: FreedSlot
    }

    /// The releases at instants in `(after, upTo]`, by instant.
    func releases(after: Date, upTo: Date) -> [Release] {
        guard upTo > after else { return [] }
        var out: [Release] = []
        let longestLead = rules.practitioners.flatMap(\.types).compactMap(\.releaseHoursBefore).max() ?? 0
        let first = LocalDateTime(after, in: timeZone).date.adding(days: -1)
        let last = LocalDateTime(upTo.addingTimeInterval(longestLead * 3600), in: timeZone).date.adding(days: 1)
        var day = first
        while day <= last {
            for practitioner in rules.practitioners {
                for block in practitioner.reservedBlocks where block.days.contains(day.weekday) {
                    for type in practitioner.types where block.types.contains(type.id) {
                        guard let hours = type.releaseHoursBefore else { continue }
                        let step = max(type.stepMinutes, 1)
                        var minute = block.time.start.minutesSinceMidnight
                        while minute + type.minutes <= block.time.end.minutesSinceMidnight {
                            guard let time = LocalTime(minutesSinceMidnight: minute),
                                let start = LocalDateTime(day, time).instant(in: timeZone)
                            else { break }
                            let at = start.addingTimeInterval(-hours * 3600)
                            if at > after && at <= upTo {
                                out.append(
                                    Release(
                                        at: at,
                                        slot: FreedSlot(
                                            practitionerId: practitioner.id, siteId: block.siteId, appointmentTypeId: type.id, start: start,
                                            freedBy: "release")))
                            }
                            minute += step
                        }
                    }
                }
            }
            day = day.adding(days: 1)
        }
        return out.sorted { $0.at < $1.at }
    }

    /// The first release after `date`, within the next eight days.
    func next(after date: Date) -> Date? {
        releases(after: date, upTo: date.addingTimeInterval(8 * 86_400)).first?.at
    }
}
