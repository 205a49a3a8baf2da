package import Foundation

/// The opening hours of one site on one local date.
///
/// `ranges` are the local wall-clock ranges that apply that day (after holidays, closures and
/// exceptional openings); `intervals` are the same ranges as instants, sorted and merged, and
/// shortened where a daylight-saving gap removes local times. `reason` is set exactly when
/// `intervals` is empty (the site does not open that day).
package struct DayHours: Sendable, Hashable {
    package let date: LocalDate
    package let ranges: [LocalTimeRange]
    package let intervals: [DateInterval]
    package let reason: ClosedReason?

    package init(date: LocalDate, ranges: [LocalTimeRange], intervals: [DateInterval], reason: ClosedReason?) {
        self.date = date
        self.ranges = ranges
        self.intervals = intervals
        self.reason = reason
    }

    /// True when the site opens at some moment of this date.
    package var isOpenDay: Bool { !intervals.isEmpty }
}
