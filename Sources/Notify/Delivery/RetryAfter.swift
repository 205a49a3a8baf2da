package import Foundation

/// The `Retry-After` header (RFC 9110 §10.2.3): either a number of seconds or an HTTP-date.
package enum RetryAfter {
    /// The instant `value` designates, relative to `now`; nil when it parses as neither form.
    /// Accepts the IMF-fixdate and the two obsolete date formats (RFC 850, asctime).
    package static func date(from value: String, now: Date) -> Date? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Int(trimmed) {
            return seconds >= 0 ? now.addingTimeInterval(TimeInterval(seconds)) : nil
        }
        for format in ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy"] {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = format
            if let date = formatter.date(from: trimmed) { return date }
        }
        return nil
    }
}
