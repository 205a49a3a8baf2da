package import Foundation
package import Practice

/// Dates and times as a French secretary says them: « demain à 8 h 30 », « mardi 7 avril avant
/// 14 h 30 », « 3e appel depuis hier 17:40 ». All relative to a reference instant in the practice's zone.
package struct FrenchWording: Sendable {
    package let timeZone: TimeZone

    package init(timeZone: TimeZone) { self.timeZone = timeZone }

    static let months = [
        "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
        "septembre", "octobre", "novembre", "décembre"
    ]

    /// « 8 h », « 8 h 30 », « 13 h 05 ».
    package static func hour(_ time: LocalTime) -> String {
        time.minute == 0 ? "\(time.hour) h" : "\(time.hour) h " + (time.minute < 10 ? "0" : "") + String(time.minute)
    }

    /// « 7 avril », « 1er mai ».
    package static func dayAndMonth(_ date: LocalDate) -> String {
        (date.day == 1 ? "1er" : String(date.day)) + " " + months[date.month - 1]
    }

    /// The day of `instant` as said from `now`: « aujourd'hui », « demain », « lundi » (within a
    /// week), « mardi 7 avril » beyond.
    package func day(of instant: Date, from now: Date) -> String {
        let date = LocalDate(instant, in: timeZone)
        let days = LocalDate(now, in: timeZone).days(until: date)
        switch days {
        case 0: return "aujourd'hui"
        case 1: return "demain"
        case 2...6: return date.weekday.frenchName
        default: return date.weekday.frenchName + " " + Self.dayAndMonth(date)
        }
    }

    /// « demain à 8 h », « lundi à 8 h 30 », « aujourd'hui à 13 h 30 ».
    package func at(_ instant: Date, from now: Date) -> String {
        day(of: instant, from: now) + " à " + Self.hour(LocalDateTime(instant, in: timeZone).time)
    }

    /// « mardi 7 avril avant 14 h 30 », « aujourd'hui avant 4 h ».
    package func before(_ instant: Date, from now: Date) -> String {
        day(of: instant, from: now) + " avant " + Self.hour(LocalDateTime(instant, in: timeZone).time)
    }

    /// A callback promise as said from `now`: ``before(_:from:)`` while the deadline is ahead,
    /// « dès que possible » once it has passed (a caller is never told a time already gone).
    package func promise(_ deadline: Date, from now: Date) -> String {
        deadline > now ? before(deadline, from: now) : "dès que possible"
    }

    /// « 3e appel depuis hier 17:40 »; the first instant is said as « 09:15 » today, « hier 17:40 »,
    /// « lundi 17:40 » within a week, « 03/04 17:40 » beyond.
    package func repeatPhrase(count: Int, since first: Date, now: Date) -> String {
        let local = LocalDateTime(first, in: timeZone)
        let days = local.date.days(until: LocalDate(now, in: timeZone))
        let when: String
        switch days {
        case ...0: when = "\(local.time)"
        case 1: when = "hier \(local.time)"
        case 2...6: when = "\(local.date.weekday.frenchName) \(local.time)"
        default:
            let d = local.date
            when = (d.day < 10 ? "0" : "") + "\(d.day)/" + (d.month < 10 ? "0" : "") + "\(d.month) \(local.time)"
        }
        return "\(count == 1 ? "1er" : "\(count)e") appel depuis \(when)"
    }

    /// When the on-call practitioner (*médecin de garde*) is the one to call, said for a script
    /// of `mode` at `instant`: « aujourd'hui, jour férié », « pendant la fermeture du cabinet »,
    /// « ce week-end » (the closed spell until `nextOpening` takes in a Saturday or a Sunday),
    /// « cette nuit » (18 h to 6 h), « ce matin », « cet après-midi », « jusqu'à la réouverture »
    /// (lunch break), « aujourd'hui » (desk open).
    package func period(of mode: ScriptMode, at instant: Date, nextOpening: Date?) -> String {
        switch mode {
        case .open, .overflow: return "aujourd'hui"
        case .lunchBreak: return "jusqu'à la réouverture"
        case .holiday: return "aujourd'hui, jour férié"
        case .closure: return "pendant la fermeture du cabinet"
        case .closed:
            let now = LocalDateTime(instant, in: timeZone)
            // The closed spell's local dates: today up to the reopening's date (a week at most).
            let last = nextOpening.map { LocalDate($0, in: timeZone) } ?? now.date.adding(days: 1)
            let span = min(max(now.date.days(until: last), 0), 7)
            if (0...span).contains(where: { [.saturday, .sunday].contains(now.date.adding(days: $0).weekday) }) {
                return "ce week-end"
            }
            switch now.time.hour {
            case 6..<12: return "ce matin"
            case 12..<18: return "cet après-midi"
            default: return "cette nuit"
            }
        }
    }

    /// `HH:mm`, for SMS.
    package func clock(_ instant: Date) -> String { LocalDateTime(instant, in: timeZone).time.description }
}
