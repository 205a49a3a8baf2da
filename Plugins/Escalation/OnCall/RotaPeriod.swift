import Foundation
import Practice

/// How long each practitioner in an on-call rotation stays on duty, in local calendar days
/// (so a "day" is 23 or 25 hours on daylight-saving days, and always ends at the handoff time).
package enum RotaPeriod: String, Codable, Sendable, Hashable, CaseIterable {
    case day
    case week

    /// Length of one turn in local calendar days.
    package var days: Int {
        switch self {
        case .day: 1
        case .week: 7
        }
    }
}
