import Foundation
import Practice

/// How the agenda says dates, times and delays in French in the texts it gives the secretary.
enum SlotWording {
    static let months = [
        "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
        "septembre", "octobre", "novembre", "décembre"
    ]

    /// `mardi 3 mars à 9 h 10`, `samedi 1er mai à 9 h` in `zone`.
    static func moment(_ instant: Date, in zone: TimeZone) -> String {
        let local = LocalDateTime(instant, in: zone)
        let date = local.date
        let time = local.time
        let day = date.day == 1 ? "1er" : "\(date.day)"
        let clock = time.minute == 0 ? "\(time.hour) h" : "\(time.hour) h " + (time.minute < 10 ? "0" : "") + "\(time.minute)"
        return "\(date.weekday.frenchName) \(day) \(months[date.month - 1]) à \(clock)"
    }

    /// `24 h`, `1 h 30`, `45 min`.
    static func delay(minutes: Int) -> String {
        if minutes < 60 { return "\(minutes) min" }
        let h = minutes / 60
        let m = minutes % 60
        return m == 0 ? "\(h) h" : "\(h) h " + (m < 10 ? "0" : "") + "\(m)"
    }
}
