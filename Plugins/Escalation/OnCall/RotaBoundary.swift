package import Foundation
import JSONRPC
import Kernel
package import Practice

/// One end of an on-call override, as written in configuration:
/// - an instant with offset: `2026-12-24T20:00:00+01:00` or `…Z` — exact;
/// - a local date-time: `2026-12-24T20:00` or `2026-12-24 20:00` — in the practice's time zone;
/// - a local date: `2026-12-24` — that date at the rotation's handoff time.
package enum RotaBoundary: Sendable, Hashable, TextCodable, CustomStringConvertible {
    package static let textForm = "YYYY-MM-DD, YYYY-MM-DDTHH:mm (practice time) or an RFC 3339 instant with offset"
    case instant(Date)
    case local(LocalDateTime)
    case date(LocalDate)

    /// Parses one of the three forms; nil otherwise.
    package init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let date = LocalDate(trimmed) {
            self = .date(date)
        } else if let local = LocalDateTime(parsing: trimmed) {
            self = .local(local)
        } else if let instant = RFC3339.parse(trimmed) {
            self = .instant(instant)
        } else {
            return nil
        }
    }

    /// The instant this boundary denotes in the practice's zone, for a rota handing over at `handoff`.
    package func resolve(in timeZone: TimeZone, handoff: LocalTime) -> Date {
        switch self {
        case .instant(let date): date
        case .local(let local): local.instantMovingGapForward(in: timeZone)
        case .date(let date): LocalDateTime(date, handoff).instantMovingGapForward(in: timeZone)
        }
    }

    package var description: String {
        switch self {
        case .instant(let date): RFC3339.format(date, in: TimeZone(identifier: "UTC")!)
        case .local(let local): local.description
        case .date(let date): date.description
        }
    }

}
