import Foundation

/// What a triage outcome does. An open set of values (like an error code): configuration can
/// name any string, and validation reports those outside ``known``.
package struct TriageAction: RawRepresentable, Codable, Sendable, Hashable, CustomStringConvertible {
    package var rawValue: String
    package init(rawValue: String) { self.rawValue = rawValue }

    /// Vital emergency: the caller is told to hang up and dial 15 (SAMU) or 112. Never a callback.
    package static let samu = TriageAction(rawValue: "samu")
    /// Page the practitioner on call now through the escalation chain.
    package static let pageOncall = TriageAction(rawValue: "page-oncall")
    /// Take an urgent message and alert the practitioner by SMS (callback within `urgentCallbackHours`).
    package static let urgentSMS = TriageAction(rawValue: "urgent-sms")
    /// Transfer the call (or give the number) to `number`.
    package static let transfer = TriageAction(rawValue: "transfer")
    /// Take an ordinary message for the practitioner.
    package static let message = TriageAction(rawValue: "message")
    /// Book an urgent slot (types with `bookableBy: [staff]`, released `releaseHoursBefore`).
    package static let bookUrgent = TriageAction(rawValue: "book-urgent")

    /// Every action Permanence knows how to carry out.
    package static let known: Set<TriageAction> = [.samu, .pageOncall, .urgentSMS, .transfer, .message, .bookUrgent]

    /// Actions whose promise is a call back to the caller (a message, a practitioner's callback):
    /// they need the caller's number. `samu`, `transfer` and `book-urgent` do not.
    package static let needingCallback: Set<TriageAction> = [.pageOncall, .urgentSMS, .message]

    /// Whether carrying out the action needs a number to call back.
    package var needsCallback: Bool { Self.needingCallback.contains(self) }

    /// Whether Permanence knows this action.
    package var isKnown: Bool { Self.known.contains(self) }

    /// Urgency used when an outcome does not say.
    package var defaultUrgency: TriageUrgency {
        switch self {
        case .samu, .pageOncall, .urgentSMS, .bookUrgent: .urgent
        default: .normal
        }
    }

    package init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    package var description: String { rawValue }
}
