/// A wall-clock time of day with minute precision, without a date or a time zone.
///
/// Its text form is `HH:mm` (a one-digit hour is accepted when parsing). Valid values are
/// 00:00 … 23:59, plus `24:00`, the end of the day, so that a range can run until midnight
/// (`"20:00-24:00"`). Anything else (`24:01`, `12:60`, `7h30`) is rejected.
package struct LocalTime: Sendable, Hashable, Comparable, Codable, LosslessStringConvertible {
    /// Minutes since midnight, 0 … 1440.
    package let minutesSinceMidnight: Int

    /// 00:00.
    package static let midnight = LocalTime(validMinutes: 0)
    /// 24:00, the end of the day.
    package static let endOfDay = LocalTime(validMinutes: 1440)

    /// A time from minutes since midnight; nil outside 0 … 1440.
    package init?(minutesSinceMidnight minutes: Int) {
        guard (0...1440).contains(minutes) else { return nil }
        self.minutesSinceMidnight = minutes
    }

    /// A time from its parts; nil unless hour is 0…23 and minute 0…59, or the time is 24:00.
    package init?(hour: Int, minute: Int) {
        guard (0...23).contains(hour) && (0...59).contains(minute) || (hour == 24 && minute == 0) else { return nil }
        self.minutesSinceMidnight = hour * 60 + minute
    }

    /// Parses `HH:mm` or `H:mm`; nil for any other form or an impossible time.
    package init?(_ description: String) {
        let parts = description.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2,
            (1...2).contains(parts[0].count), parts[1].count == 2,
            parts[0].allSatisfy(\.isASCIIDigit), parts[1].allSatisfy(\.isASCIIDigit),
            let hour = Int(parts[0]), let minute = Int(parts[1])
        else { return nil }
        self.init(hour: hour, minute: minute)
    }

    private init(validMinutes: Int) {
        self.minutesSinceMidnight = validMinutes
    }

    package var hour: Int { minutesSinceMidnight / 60 }
    package var minute: Int { minutesSinceMidnight % 60 }

    /// `HH:mm`, always two-digit.
    package var description: String {
        (hour < 10 ? "0" : "") + String(hour) + ":" + (minute < 10 ? "0" : "") + String(minute)
    }

    package static func < (lhs: LocalTime, rhs: LocalTime) -> Bool {
        lhs.minutesSinceMidnight < rhs.minutesSinceMidnight
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let time = LocalTime(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected a time as HH:mm (00:00 to 24:00), got \"\(text)\"")
        }
        self = time
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
