/// A half-open range of wall-clock times within one day, `start ..< end`, with `start < end`.
///
/// Its text form is `HH:mm-HH:mm` (`"08:00-12:30"`; spaces around the dash are tolerated when
/// parsing). A range never crosses midnight; use `24:00` as the end to run until midnight.
package struct LocalTimeRange: Sendable, Hashable, Comparable, Codable, LosslessStringConvertible {
    package let start: LocalTime
    package let end: LocalTime

    /// A range; nil unless `start < end`.
    package init?(start: LocalTime, end: LocalTime) {
        guard start < end else { return nil }
        self.start = start
        self.end = end
    }

    /// Parses `HH:mm-HH:mm`; nil for another form, an invalid time, or an end not after the start.
    package init?(_ description: String) {
        let parts = description.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2,
            let start = LocalTime(parts[0].trimmingSpaces),
            let end = LocalTime(parts[1].trimmingSpaces)
        else { return nil }
        self.init(start: start, end: end)
    }

    /// Length in minutes.
    package var minutes: Int { end.minutesSinceMidnight - start.minutesSinceMidnight }

    /// True when `time` is within `start ..< end`.
    package func contains(_ time: LocalTime) -> Bool {
        start <= time && time < end
    }

    /// `HH:mm-HH:mm`.
    package var description: String { "\(start)-\(end)" }

    /// Ordered by start, then end.
    package static func < (lhs: LocalTimeRange, rhs: LocalTimeRange) -> Bool {
        (lhs.start, lhs.end) < (rhs.start, rhs.end)
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let range = LocalTimeRange(text) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "expected a time range as HH:mm-HH:mm with the start before the end, got \"\(text)\"")
        }
        self = range
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension Substring {
    var trimmingSpaces: String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
