package import Foundation

/// Reads and writes instants as RFC 3339 text with an offset (`2026-03-29T09:30:00+02:00`).
///
/// Parsing accepts `Z` or `±HH:MM`, optional fractional seconds, and `t`/`z` in lower case;
/// formatting writes the wall-clock time of the given zone with that zone's offset at the instant.
package enum RFC3339 {
    package static func parse(_ text: String) -> Date? {
        let b = Array(text.utf8)
        func digits(_ at: Int, _ n: Int) -> Int? {
            guard at + n <= b.count else { return nil }
            var v = 0
            for i in at..<(at + n) {
                guard b[i] >= 48, b[i] <= 57 else { return nil }
                v = v * 10 + Int(b[i] - 48)
            }
            return v
        }
        guard b.count >= 20,
            let year = digits(0, 4), b[4] == 45, let month = digits(5, 2), b[7] == 45, let day = digits(8, 2),
            b[10] == 84 || b[10] == 116, let hour = digits(11, 2), b[13] == 58, let minute = digits(14, 2),
            b[16] == 58, let second = digits(17, 2)
        else { return nil }
        guard (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day),
            hour < 24, minute < 60, second < 61
        else { return nil }
        var i = 19
        var fraction = 0.0
        if i < b.count, b[i] == 46 {
            i += 1
            var scale = 0.1
            let start = i
            while i < b.count, b[i] >= 48, b[i] <= 57 {
                fraction += Double(b[i] - 48) * scale
                scale /= 10
                i += 1
            }
            guard i > start else { return nil }
        }
        guard i < b.count else { return nil }
        var offset = 0
        if b[i] == 90 || b[i] == 122 {
            i += 1
        } else if b[i] == 43 || b[i] == 45 {
            guard let oh = digits(i + 1, 2), b.count > i + 3, b[i + 3] == 58, let om = digits(i + 4, 2),
                oh < 24, om < 60
            else { return nil }
            offset = (oh * 60 + om) * 60 * (b[i] == 45 ? -1 : 1)
            i += 6
        } else {
            return nil
        }
        guard i == b.count else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = Double(days * 86400 + hour * 3600 + minute * 60 + min(second, 59) - offset) + fraction
        return Date(timeIntervalSince1970: seconds)
    }

    /// Formats `date` in `zone` (`Z` for UTC), to the second, or to the millisecond when it has a fraction.
    package static func format(_ date: Date, in zone: TimeZone) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(29)
        write(date, in: zone, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends what `format` returns, as UTF-8, without building a string.
    package static func write(_ date: Date, in zone: TimeZone, into out: inout [UInt8]) {
        write(date, in: ZoneOffsets.of(zone), into: &out)
    }

    /// Like `write(_:in:into:)` with the zone's offset table at hand (for writers of many instants).
    package static func write(_ date: Date, in offsets: ZoneOffsets, into out: inout [UInt8]) {
        var day = DayText()
        write(date, in: offsets, into: &out, day: &day)
    }

    /// Like `write(_:in:into:)`, reusing `day` when the instant falls on the same local date.
    package static func write(_ date: Date, in offsets: ZoneOffsets, into out: inout [UInt8], day: inout DayText) {
        let written: Int? = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maximumLength) { buffer in
            guard let n = write(date, in: offsets, to: buffer.baseAddress!, day: &day) else { return nil }
            out.append(contentsOf: buffer[..<n])
            return n
        }
        if written == nil { writeAnyYear(date, in: offsets, into: &out) }
    }

    /// The longest text `write(_:in:to:day:)` writes: `2026-03-29T09:30:00.250+02:00`.
    package static let maximumLength = 29

    /// What a writer of many instants keeps from the last one: its local date's text
    /// (`2026-03-29T`) and the offset in force around it. The instants of one reply mostly fall
    /// on a few days, between the same two offset changes.
    package struct DayText: Sendable {
        fileprivate var days = Int.min
        fileprivate var text: (UInt64, UInt64) = (0, 0)
        /// The offset, and the span of UTC seconds `[from, until)` over which it holds.
        fileprivate var offset = 0
        fileprivate var from = 0.0, until = 0.0
        package init() {}
    }

    /// Writes `date` at `p`, which has room for `maximumLength` bytes, and returns the bytes
    /// written; nil (nothing written) for a year outside 0…9999.
    package static func write(_ date: Date, in offsets: ZoneOffsets, to p: UnsafeMutablePointer<UInt8>, day: inout DayText) -> Int? {
        let t = date.timeIntervalSince1970
        if !(t >= day.from && t < day.until) {
            let span = offsets.span(at: date)
            (day.offset, day.from, day.until) = (span.offset, span.from, span.until)
        }
        let offset = day.offset
        var whole = floor(t)
        guard whole > -62_167_219_200 - 86_400, whole < 253_402_300_800 + 86_400 else { return nil }
        var millis = Int(((t - whole) * 1000).rounded())
        if millis == 1000 {
            whole += 1
            millis = 0
        } // .9995 s and more: the next second
        var (days, secs) = (Int(whole) + offset).quotientAndRemainder(dividingBy: 86400)
        if secs < 0 {
            secs += 86400
            days -= 1
        }
        if days != day.days {
            let (y, m, d) = civilFromDays(days)
            guard (0...9999).contains(y) else { return nil }
            day.days = days
            withUnsafeMutableBytes(of: &day.text) { raw in
                let q = raw.baseAddress!.assumingMemoryBound(to: UInt8.self)
                put4(y, q)
                q[4] = 45
                put2(m, q + 5)
                q[7] = 45
                put2(d, q + 8)
                q[10] = 84
            }
        }
        withUnsafeBytes(of: day.text) { raw in p.initialize(from: raw.baseAddress!.assumingMemoryBound(to: UInt8.self), count: 11) }
        put2(secs / 3600, p + 11)
        p[13] = 58
        put2(secs / 60 % 60, p + 14)
        p[16] = 58
        put2(secs % 60, p + 17)
        var n = 19
        if millis > 0 && millis < 1000 {
            p[19] = 46
            p[20] = UInt8(48 + millis / 100)
            put2(millis % 100, p + 21)
            n = 23
        }
        if offsets.isUTC {
            p[n] = 90
            return n + 1
        }
        p[n] = offset < 0 ? 45 : 43
        let a = abs(offset)
        put2(a / 3600, p + n + 1)
        p[n + 3] = 58
        put2(a / 60 % 60, p + n + 4)
        return n + 6
    }

    @inline(__always) private static func put2(_ v: Int, _ p: UnsafeMutablePointer<UInt8>) {
        p[0] = UInt8(truncatingIfNeeded: 48 + v / 10)
        p[1] = UInt8(truncatingIfNeeded: 48 + v % 10)
    }

    @inline(__always) private static func put4(_ v: Int, _ p: UnsafeMutablePointer<UInt8>) {
        put2(v / 100, p)
        put2(v % 100, p + 2)
    }

    /// Any year, written as `pad` spells it (a sign and more digits outside 0…9999).
    private static func writeAnyYear(_ date: Date, in offsets: ZoneOffsets, into out: inout [UInt8]) {
        let offset = offsets.secondsFromGMT(for: date)
        let t = date.timeIntervalSince1970
        var whole = floor(t)
        var millis = Int(((t - whole) * 1000).rounded())
        if millis == 1000 {
            whole += 1
            millis = 0
        }
        var (days, secs) = (Int(whole) + offset).quotientAndRemainder(dividingBy: 86400)
        if secs < 0 {
            secs += 86400
            days -= 1
        }
        let (y, m, d) = civilFromDays(days)
        digits(y, 4, &out)
        out.append(45)
        digits(m, 2, &out)
        out.append(45)
        digits(d, 2, &out)
        out.append(84)
        digits(secs / 3600, 2, &out)
        out.append(58)
        digits(secs / 60 % 60, 2, &out)
        out.append(58)
        digits(secs % 60, 2, &out)
        if millis > 0 && millis < 1000 {
            out.append(46)
            digits(millis, 3, &out)
        }
        if offsets.isUTC {
            out.append(90)
            return
        }
        out.append(offset < 0 ? 45 : 43)
        let a = abs(offset)
        digits(a / 3600, 2, &out)
        out.append(58)
        digits(a / 60 % 60, 2, &out)
    }

    /// Appends `v` in decimal, zero-padded to `width` digits.
    private static func digits(_ v: Int, _ width: Int, _ out: inout [UInt8]) {
        if width == 2 && v >= 0 && v < 100 {
            out.append(UInt8(48 + v / 10))
            out.append(UInt8(48 + v % 10))
            return
        }
        if v < 0 || width > 4 || v >= 10_000 {
            let text = pad(v, width)
            out.append(contentsOf: text.utf8)
            return
        }
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        if v >= divisor * 10 {
            out.append(contentsOf: String(v).utf8)
            return
        }
        var rest = v
        while divisor > 0 {
            out.append(UInt8(48 + rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }

    package static func pad(_ v: Int, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    /// The number of days of `month` (1…12) in `year` (proleptic Gregorian).
    package static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
    package static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    package static func civilFromDays(_ z0: Int) -> (year: Int, month: Int, day: Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }
}
