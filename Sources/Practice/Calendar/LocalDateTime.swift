package import Foundation
import JSONRPC
import Kernel

/// A wall-clock date and time (minute precision) without a zone, and its conversion to instants.
///
/// Converting to an instant needs an IANA time zone. A local time can be missing on a
/// spring-forward day (Europe/Paris 2026-03-29 02:30 never happens) or occur twice on a
/// fall-back day (2026-10-25 02:30 happens at 00:30Z and 01:30Z): `instant(in:)` returns nil
/// for the first and the earlier instant for the second. `24:00` is normalised to 00:00 the
/// next day.
package struct LocalDateTime: Sendable, Hashable, Comparable, CustomStringConvertible {
    package let date: LocalDate
    package let time: LocalTime

    package init(_ date: LocalDate, _ time: LocalTime) {
        if time == .endOfDay {
            self.date = date.adding(days: 1)
            self.time = .midnight
        } else {
            self.date = date
            self.time = time
        }
    }

    /// The wall-clock date and time, in `timeZone`, at the instant `date` (seconds are dropped).
    package init(_ instant: Date, in timeZone: TimeZone) {
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down)) + ZoneOffsets.of(timeZone).secondsFromGMT(for: instant)
        let days = LocalDate.floorDivide(seconds, 86_400)
        let minutes = LocalDate.floorModulo(seconds, 86_400) / 60
        self.init(LocalDate(daysSince1970: days), LocalTime(minutesSinceMidnight: minutes)!)
    }

    /// The instant this wall-clock time happens in `timeZone`: nil when it does not exist
    /// (a daylight-saving gap), the first occurrence when it happens twice.
    package func instant(in timeZone: TimeZone) -> Date? {
        let table = ZoneOffsets.of(timeZone)
        // `naive − o` shows this wall-clock time exactly when the zone's offset at that instant is `o`.
        return candidates(in: table).filter { table.secondsFromGMT(for: $0.instant) == $0.offset }.map(\.instant).min()
    }

    /// Like `instant(in:)`, but a time inside a daylight-saving gap gives the instant the gap
    /// ends (02:30 on a spring-forward day at 02:00 gives the instant of 03:00). Used to expand
    /// opening ranges, which a gap shortens and never removes wrongly.
    package func instantOrNextValid(in timeZone: TimeZone) -> Date {
        if let instant = instant(in: timeZone) { return instant }
        // In a gap: the offset changes between the lowest and the highest candidate; find the change.
        let table = ZoneOffsets.of(timeZone)
        let instants = candidates(in: table).map(\.instant)
        var low = Int(instants.min()!.timeIntervalSince1970)
        var high = Int(instants.max()!.timeIntervalSince1970)
        let highOffset = table.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(high)))
        while high - low > 1 {
            let middle = low + (high - low) / 2
            if table.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(middle))) == highOffset {
                high = middle
            } else {
                low = middle
            }
        }
        return Date(timeIntervalSince1970: TimeInterval(high))
    }

    /// Seconds since 1970 if this wall-clock time were UTC.
    private var naiveSeconds: Int {
        date.daysSince1970 * 86_400 + time.minutesSinceMidnight * 60
    }

    /// Instants `naive − offset` for every offset the zone uses within a day of this time.
    private func candidates(in table: ZoneOffsets) -> [(instant: Date, offset: Int)] {
        let naive = naiveSeconds
        let offsets = Set(
            [-86_400, 0, 86_400].map {
                table.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(naive + $0)))
            })
        return offsets.map { (Date(timeIntervalSince1970: TimeInterval(naive - $0)), $0) }
    }

    /// `YYYY-MM-DDTHH:mm`.
    package var description: String { "\(date)T\(time)" }

    package static func < (lhs: LocalDateTime, rhs: LocalDateTime) -> Bool {
        (lhs.date, lhs.time) < (rhs.date, rhs.time)
    }
}
