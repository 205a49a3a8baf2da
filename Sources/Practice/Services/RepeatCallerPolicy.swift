package import Foundation
package import Kernel

/// What to do when a caller with an open message or incident calls again: the practice's
/// repeat-caller policy (configuration `escalation.repeatCallers`).
///
/// Escalation registers an implementation in `KernelHost.services`; Messaging applies it without
/// importing Escalation.
package protocol RepeatCallerPolicy: Sendable {
    /// Called after a repeat was detected. `count` counts this call (2 for the second call).
    func callerRepeated(_ event: RepeatCall, context: RequestContext) async throws -> RepeatCallOutcome

    /// How far back (hours) earlier calls count: a missed call older than this is no repeat.
    var windowHours: Int { get }
}

extension RepeatCallerPolicy {
    /// 24 hours, the default of `escalation.repeatCallers.windowHours`.
    package var windowHours: Int { 24 }
}

/// A caller calling again about something still open, or after calls nobody answered.
package struct RepeatCall: Sendable, Codable {
    package var patientId: String?
    package var phone: String?
    /// This call's rank: the open messages or incidents before it, plus the missed calls of the
    /// window (abandoned or unanswered, from the contact journal), plus one.
    package var count: Int
    package var firstAt: Date
    /// What is open: `message` or `incident`, and its id.
    package var openKind: String
    package var openId: String
    package init(patientId: String?, phone: String?, count: Int, firstAt: Date, openKind: String, openId: String) {
        self.patientId = patientId
        self.phone = phone
        self.count = count
        self.firstAt = firstAt
        self.openKind = openKind
        self.openId = openId
    }
}

/// What the policy did.
package struct RepeatCallOutcome: Sendable, Codable {
    /// The configured action: `none`, `raise-urgency`, `page-staff`, `page-oncall`.
    package var action: String
    /// The incident raised or updated, if any.
    package var incidentId: String?
    package init(action: String, incidentId: String? = nil) {
        self.action = action
        self.incidentId = incidentId
    }
}
