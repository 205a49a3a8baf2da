import Foundation
import Kernel

/// Writes appointments as an RFC 5545 calendar that calendar clients accept.
///
/// Each appointment is a VEVENT with a stable UID (`<id>@permanence`), DTSTAMP (its last change),
/// SEQUENCE (raised on every change), STATUS (CONFIRMED or CANCELLED) and times in UTC. It carries
/// the patient's name and the appointment type only, never notes or medical detail. Lines end with
/// CRLF and are folded at 75 octets without splitting a UTF-8 character.
package struct ICalendarWriter: Sendable {
    package var productID = "-//Permanence//Agenda 1.0//FR"
    package var calendarName: String
    /// Site id → location text.
    package var locations: [String: String]

    package init(calendarName: String, locations: [String: String]) {
        self.calendarName = calendarName
        self.locations = locations
    }

    package func calendar(_ appointments: [Appointment]) -> String {
        var lines = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:\(productID)", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
            "X-WR-CALNAME:\(Self.escape(calendarName))"
        ]
        for a in appointments { lines += event(a) }
        lines.append("END:VCALENDAR")
        return lines.map(Self.fold).joined()
    }

    /// One VEVENT, unfolded lines.
    package func event(_ a: Appointment) -> [String] {
        let summary = [a.patientName ?? a.patientId, a.appointmentTypeLabel].joined(separator: " — ")
        var lines = [
            "BEGIN:VEVENT", "UID:\(a.id)@permanence", "DTSTAMP:\(Self.utc(a.updatedAt))", "CREATED:\(Self.utc(a.createdAt))",
            "LAST-MODIFIED:\(Self.utc(a.updatedAt))", "SEQUENCE:\(a.sequence)", "DTSTART:\(Self.utc(a.start))",
            "DTEND:\(Self.utc(a.end))", "SUMMARY:\(Self.escape(summary))"
        ]
        if let location = locations[a.siteId] { lines.append("LOCATION:\(Self.escape(location))") }
        lines.append("STATUS:\(a.status.occupiesSlot ? "CONFIRMED" : "CANCELLED")")
        lines.append("TRANSP:OPAQUE")
        lines.append("END:VEVENT")
        return lines
    }

    /// `YYYYMMDDTHHMMSSZ`.
    static func utc(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : -((-seconds + 86_399) / 86_400)
        let rest = seconds - days * 86_400
        let (y, m, d) = RFC3339.civilFromDays(days)
        func pad(_ v: Int, _ w: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, w - s.count)) + s
        }
        return pad(y, 4) + pad(m, 2) + pad(d, 2) + "T" + pad(rest / 3600, 2) + pad(rest % 3600 / 60, 2) + pad(rest % 60, 2) + "Z"
    }

    /// TEXT escaping of RFC 5545 §3.3.11.
    static func escape(_ text: String) -> String {
        var out = ""
        for ch in text {
            switch ch {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n": out += "\\n"
            case "\r": continue
            default: out.append(ch)
            }
        }
        return out
    }

    /// Folds one content line at 75 octets (continuation lines start with a space) and ends it with CRLF.
    static func fold(_ line: String) -> String {
        var out = ""
        var width = 0
        var limit = 75
        for scalar in line.unicodeScalars {
            let size = String(scalar).utf8.count
            if width + size > limit {
                out += "\r\n "
                width = 1
                limit = 75
            }
            out.unicodeScalars.append(scalar)
            width += size
        }
        return out + "\r\n"
    }
}
