package import Practice

/// One interval of a local day: the local date and the minute of the day it starts at
/// (`570` = 09:30). Wall-clock time, so daylight-saving changes need no special case.
package struct IntervalKey: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    package var date: LocalDate
    /// Minutes since local midnight, in 0..<1440.
    package var minuteOfDay: Int

    package init(date: LocalDate, minuteOfDay: Int) {
        precondition((0..<1440).contains(minuteOfDay), "minuteOfDay must be in 0..<1440")
        self.date = date
        self.minuteOfDay = minuteOfDay
    }

    package static func < (a: IntervalKey, b: IntervalKey) -> Bool { (a.date, a.minuteOfDay) < (b.date, b.minuteOfDay) }

    /// `YYYY-MM-DD HH:mm`.
    package var description: String {
        let h = minuteOfDay / 60
        let m = minuteOfDay % 60
        return "\(date) \(h < 10 ? "0" : "")\(h):\(m < 10 ? "0" : "")\(m)"
    }
}
