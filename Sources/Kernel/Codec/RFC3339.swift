import Foundation

/// Reads and writes instants as RFC 3339 text with an offset (`2026-03-29T09:30:00+02:00`).
///
/// Parsing accepts `Z` or `±HH:MM`, optional fractional seconds, and `t`/`z` in lower case;
/// formatting writes the wall-clock time of the given zone with that zone's offset at the instant.
public enum RFC3339 {
    public static func parse(_ text: String) -> Date? {
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
              hour < 24, minute < 60, second < 61 else { return nil }
        var i = 19
        var fraction = 0.0
        if i < b.count, b[i] == 46 {
            i += 1
            var scale = 0.1
            let start = i
            while i < b.count, b[i] >= 48, b[i] <= 57 { fraction += Double(b[i] - 48) * scale; scale /= 10; i += 1 }
            guard i > start else { return nil }
        }
        guard i < b.count else { return nil }
        var offset = 0
        if b[i] == 90 || b[i] == 122 {
            i += 1
        } else if b[i] == 43 || b[i] == 45 {
            guard let oh = digits(i + 1, 2), b.count > i + 3, b[i + 3] == 58, let om = digits(i + 4, 2),
                  oh < 24, om < 60 else { return nil }
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
    public static func format(_ date: Date, in zone: TimeZone) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(29)
        write(date, in: zone, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends what `format` returns, as UTF-8, without building a string.
    public static func write(_ date: Date, in zone: TimeZone, into out: inout [UInt8]) {
        write(date, in: ZoneOffsets.of(zone), into: &out)
    }

    /// Like `write(_:in:into:)` with the zone's offset table at hand (for writers of many instants).
    public static func write(_ date: Date, in offsets: ZoneOffsets, into out: inout [UInt8]) {
        let offset = offsets.secondsFromGMT(for: date)
        let t = date.timeIntervalSince1970
        let whole = floor(t)
        let millis = Int(((t - whole) * 1000).rounded())
        var (days, secs) = (Int(whole) + offset).quotientAndRemainder(dividingBy: 86400)
        if secs < 0 { secs += 86400; days -= 1 }
        let (y, m, d) = civilFromDays(days)
        digits(y, 4, &out); out.append(45); digits(m, 2, &out); out.append(45); digits(d, 2, &out)
        out.append(84)
        digits(secs / 3600, 2, &out); out.append(58); digits(secs / 60 % 60, 2, &out); out.append(58); digits(secs % 60, 2, &out)
        if millis > 0 && millis < 1000 { out.append(46); digits(millis, 3, &out) }
        if offsets.isUTC { out.append(90); return }
        out.append(offset < 0 ? 45 : 43)
        let a = abs(offset)
        digits(a / 3600, 2, &out); out.append(58); digits(a / 60 % 60, 2, &out)
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
        if v >= divisor * 10 { out.append(contentsOf: String(v).utf8); return }
        var rest = v
        while divisor > 0 {
            out.append(UInt8(48 + rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }

    static func pad(_ v: Int, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    /// The number of days of `month` (1…12) in `year` (proleptic Gregorian).
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
    public static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    public static func civilFromDays(_ z0: Int) -> (year: Int, month: Int, day: Int) {
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
