import Foundation
import JSONRPC
import Kernel
import Practice

/// Converts the wall-clock times of one local date to instants, quickly and right on
/// daylight-saving days.
///
/// On an ordinary day one UTC offset applies to every local time, so a time is `naive − offset`.
/// When the zone changes offset within a day of the date, every conversion goes through
/// `LocalDateTime.instant(in:)`, which returns nil for a time that does not exist (spring
/// forward) and the first occurrence of a time that happens twice (fall back).
struct LocalDayClock {
    let date: LocalDate
    let timeZone: TimeZone
    /// Seconds since 1970 of this date's midnight read as UTC.
    let midnightNaive: Double
    /// The one UTC offset of the whole day; nil on a day when the offset changes.
    let fixedOffset: Int?

    /// `offsets` is `timeZone`'s table, resolved once by the caller (a search converts many days).
    init(date: LocalDate, timeZone: TimeZone, offsets: ZoneOffsets) {
        self.date = date
        self.timeZone = timeZone
        midnightNaive = Double(date.daysSince1970) * 86_400
        let windowStart = Date(timeIntervalSince1970: midnightNaive - 86_400)
        let windowEnd = Date(timeIntervalSince1970: midnightNaive + 2 * 86_400)
        if offsets.changes(from: windowStart, to: windowEnd) {
            fixedOffset = nil
        } else {
            fixedOffset = offsets.secondsFromGMT(for: Date(timeIntervalSince1970: midnightNaive + 43_200))
        }
    }

    /// The instant of `minutes` since local midnight (0…1440), or nil when that time does not exist.
    func instant(minutes: Int) -> Date? {
        if let fixedOffset { return Date(timeIntervalSince1970: midnightNaive + Double(minutes * 60 - fixedOffset)) }
        return LocalDateTime(date, LocalTime(minutesSinceMidnight: minutes)!).instant(in: timeZone)
    }

    /// Like `instant(minutes:)`, but a time inside a gap gives the instant the gap ends (for range ends).
    func instantOrNextValid(minutes: Int) -> Date {
        if let fixedOffset { return Date(timeIntervalSince1970: midnightNaive + Double(minutes * 60 - fixedOffset)) }
        return LocalDateTime(date, LocalTime(minutesSinceMidnight: minutes)!).instantOrNextValid(in: timeZone)
    }
}
