import Foundation

/// Whether a site is open at an instant, and what comes next.
///
/// When open, `until` is the instant it closes (adjacent ranges, across midnight too, count
/// as one opening; nil if it stays open past the 400-day search). When closed, `nextOpening`
/// is the next instant it opens (nil if none within 400 days) and `reason` says why it is closed.
/// Encoded as `{open, until?, nextOpening?, reason?}`.
public struct OpenState: Sendable, Hashable, Encodable {
    public let isOpen: Bool
    public let until: Date?
    public let nextOpening: Date?
    public let reason: ClosedReason?

    public static func open(until: Date?) -> OpenState {
        OpenState(isOpen: true, until: until, nextOpening: nil, reason: nil)
    }

    public static func closed(reason: ClosedReason, nextOpening: Date?) -> OpenState {
        OpenState(isOpen: false, until: nil, nextOpening: nextOpening, reason: reason)
    }

    private enum CodingKeys: String, CodingKey {
        case isOpen = "open"
        case until, nextOpening, reason
    }
}
