import Foundation

/// How fast the practice must deal with what a triage outcome creates.
package enum TriageUrgency: String, Codable, Sendable, Hashable, CaseIterable {
    /// Same day / within `messaging.urgentCallbackHours`; the on-call practitioner may be alerted.
    case urgent
    /// Within `messaging.normalCallbackDelayMinutes` during opening hours.
    case normal
}
