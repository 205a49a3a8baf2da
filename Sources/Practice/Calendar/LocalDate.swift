package import Foundation
import JSONRPC
import Kernel

/// A calendar date without a time or a time zone, in the proleptic Gregorian calendar.
///
/// Its text form is `YYYY-MM-DD`, used on the wire, in the configuration and when coded.
/// Every value is a real date: `init?(_:)` and `init?(year:month:day:)` reject impossible
/// dates such as `2026-02-30`. Arithmetic is exact day counting, independent of time zones.
package struct LocalDate: Sendable, Hashable, Comparable, TextCodable, LosslessStringConvertible, CodingKeyRepresentable {
    package static let textForm = "a real date as YYYY-MM-DD"
    package let year: Int
    package let month: Int
    package let day: Int

    /// A date from its parts; nil unless year is 1…9999, month 1…12 and day exists in that month.
    package init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...LocalDate.daysInMonth(year: year, month: month)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses exactly `YYYY-MM-DD` (ASCII digits, zero-padded); nil for any other form or an impossible date.
    package init?(_ description: String) {
        let bytes = Array(description.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in bytes[range] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// The date of `days` days after 1970-01-01 (negative for earlier dates).
    package init(daysSince1970 days: Int) {
        (year, month, day) = RFC3339.civilFromDays(days)
    }

    /// The local date, in `timeZone`, at the instant `date`.
    package init(_ date: Date, in timeZone: TimeZone) {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down)) + ZoneOffsets.of(timeZone).secondsFromGMT(for: date)
        self.init(daysSince1970: LocalDate.floorDivide(seconds, 86_400))
    }

    /// Days between 1970-01-01 and this date (negative before 1970).
    package var daysSince1970: Int {
        RFC3339.daysFromCivil(year: year, month: month, day: day)
    }

    /// The day of the week of this date.
    package var weekday: Weekday {
        // 1970-01-01 was a Thursday (ISO 4).
        Weekday(isoNumber: LocalDate.floorModulo(daysSince1970 + 3, 7) + 1)!
    }

    /// The date `days` days later (earlier when negative).
    package func adding(days: Int) -> LocalDate {
        LocalDate(daysSince1970: daysSince1970 + days)
    }

    /// Number of days from this date to `other` (negative when `other` is earlier).
    package func days(until other: LocalDate) -> Int {
        other.daysSince1970 - daysSince1970
    }

    /// `YYYY-MM-DD`.
    package var description: String {
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    package static func < (lhs: LocalDate, rhs: LocalDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// The number of days of `month` (1…12) in `year`.
    package static func daysInMonth(year: Int, month: Int) -> Int {
        RFC3339.daysIn(month: month, year: year)
    }

    package var codingKey: any CodingKey { DateKey(stringValue: description) }

    package init?<T: CodingKey>(codingKey: T) {
        self.init(codingKey.stringValue)
    }

    private struct DateKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    static func floorDivide(_ a: Int, _ b: Int) -> Int {
        a >= 0 ? a / b : -((-a + b - 1) / b)
    }

    static func floorModulo(_ a: Int, _ b: Int) -> Int {
        let r = a % b
        return r < 0 ? r + b : r
    }
}
