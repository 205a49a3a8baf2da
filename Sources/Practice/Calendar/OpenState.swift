package import Foundation

/// Whether a site is open at an instant, and what comes next.
///
/// When open, `until` is the instant it closes (adjacent ranges, across midnight too, count
/// as one opening; nil if it stays open past the 400-day search). When closed, `nextOpening`
/// is the next instant it opens (nil if none within 400 days) and `reason` says why it is closed.
/// Encoded as `{open, until?, nextOpening?, reason?}`.
package struct OpenState: Sendable, Hashable, Encodable {
    package let isOpen: Bool
    package let until: Date?
    package let nextOpening: Date?
    package let reason: ClosedReason?

    package static func open(until: Date?) -> OpenState {
        OpenState(isOpen: true, until: until, nextOpening: nil, reason: nil)
    }

    package static func closed(reason: ClosedReason, nextOpening: Date?) -> OpenState {
        OpenState(isOpen: false, until: nil, nextOpening: nextOpening, reason: reason)
    }

    private enum CodingKeys: String, CodingKey {
        case isOpen = "open"
        case until, nextOpening, reason
    }
}
