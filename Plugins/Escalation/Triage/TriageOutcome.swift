import Foundation

/// The end of a triage walk: what to do, and what to tell the caller.
package struct TriageOutcome: Codable, Sendable, Hashable {
    /// What the secretary (and Permanence) does. Unknown actions decode, and
    /// ``TriageProtocol/validate(index:)`` reports them.
    package var action: TriageAction
    /// What the secretary says to the caller (French by default).
    package var script: String
    /// Urgency given to the message or escalation this outcome creates. When absent, `samu`,
    /// `page-oncall`, `urgent-sms` and `book-urgent` are urgent and the others normal.
    package var urgency: TriageUrgency?
    /// Number to give or transfer to (`15`, `112`, a laboratory). Required for `transfer`.
    package var number: String?

    package init(action: TriageAction, script: String, urgency: TriageUrgency? = nil, number: String? = nil) {
        self.action = action
        self.script = script
        self.urgency = urgency
        self.number = number
    }

    /// The urgency to apply: the configured one, or the action's default.
    package var effectiveUrgency: TriageUrgency {
        urgency ?? action.defaultUrgency
    }
}
