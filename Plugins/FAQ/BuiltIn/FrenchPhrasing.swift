package import Foundation
import Kernel
package import Practice

/// How computed answers say times, dates, hours and lists in French, as a secretary reads them out.
///
/// Promises: times are `8 h`, `12 h 30` (never `08:00`); dates are `lundi 6 avril` (the year is
/// added when it differs from the reference year); a day's ranges are `de 8 h à 12 h 30 et de
/// 13 h 30 à 19 h`; consecutive weekdays with the same ranges are grouped (`du lundi au jeudi`).
package enum FrenchPhrasing {
    static let months = [
        "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
        "septembre", "octobre", "novembre", "décembre"
    ]

    /// `8 h`, `12 h 30`, `0 h` for midnight and `24 h` for the end of the day.
    package static func time(_ time: LocalTime) -> String {
        time.minute == 0 ? "\(time.hour) h" : "\(time.hour) h \(String(format: "%02d", time.minute))"
    }

    /// `lundi 6 avril`, `samedi 1er mai`, with the year when it is not `referenceYear`.
    package static func date(_ date: LocalDate, referenceYear: Int? = nil) -> String {
        let day = date.day == 1 ? "1er" : "\(date.day)"
        var text = "\(date.weekday.frenchName) \(day) \(months[date.month - 1])"
        if let referenceYear, referenceYear != date.year { text += " \(date.year)" }
        return text
    }

    /// `de 8 h à 12 h 30 et de 13 h 30 à 19 h`.
    package static func ranges(_ ranges: [LocalTimeRange]) -> String {
        list(ranges.sorted().map { "de \(time($0.start)) à \(time($0.end))" })
    }

    /// `a`, `a et b`, `a, b et c`.
    package static func list(_ items: [String]) -> String {
        switch items.count {
        case 0: return ""
        case 1: return items[0]
        default: return items.dropLast().joined(separator: ", ") + " et " + items[items.count - 1]
        }
    }

    /// The weekly hours, one clause per group of consecutive days with the same ranges:
    /// `du lundi au jeudi de 8 h à 12 h 30 et de 13 h 30 à 19 h ; le samedi de 8 h 30 à 12 h`.
    package static func weekly(_ weekly: [Weekday: [LocalTimeRange]]) -> String {
        var groups: [(first: Weekday, last: Weekday, ranges: [LocalTimeRange])] = []
        for day in Weekday.allCases {
            let ranges = (weekly[day] ?? []).sorted()
            guard !ranges.isEmpty else { continue }
            if let last = groups.last, last.ranges == ranges, last.last.isoNumber + 1 == day.isoNumber {
                groups[groups.count - 1].last = day
            } else {
                groups.append((day, day, ranges))
            }
        }
        return groups.map { group in
            let days: String
            if group.first == group.last {
                days = "le \(group.first.frenchName)"
            } else if group.first.isoNumber + 1 == group.last.isoNumber {
                days = "le \(group.first.frenchName) et le \(group.last.frenchName)"
            } else {
                days = "du \(group.first.frenchName) au \(group.last.frenchName)"
            }
            return "\(days) \(ranges(group.ranges))"
        }.joined(separator: " ; ")
    }

    /// The gaps between a day's ranges: the lunch closures (`de 12 h 30 à 13 h 30`).
    package static func breaks(_ ranges: [LocalTimeRange]) -> [LocalTimeRange] {
        let sorted = ranges.sorted()
        guard sorted.count > 1 else { return [] }
        return zip(sorted, sorted.dropFirst()).compactMap { LocalTimeRange(start: $0.end, end: $1.start) }
    }

    /// A phone number as said in France (`04 65 71 00 10`), or as configured when not French.
    package static func phone(_ raw: String) -> String {
        (try? PhoneNumber(raw))?.frenchNationalFormat ?? raw
    }

    /// A moment relative to `now`: `à 13 h 30` today, `demain à 8 h`, `lundi 6 avril à 8 h`.
    package static func moment(_ instant: Date, now: Date, in zone: TimeZone) -> String {
        let local = LocalDateTime(instant, in: zone)
        let today = LocalDate(now, in: zone)
        let at = "à \(time(local.time))"
        switch today.days(until: local.date) {
        case 0: return "aujourd'hui \(at)"
        case 1: return "demain \(at)"
        default: return "\(date(local.date, referenceYear: today.year)) \(at)"
        }
    }
}
