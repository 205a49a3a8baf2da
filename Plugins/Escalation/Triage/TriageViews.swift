package import Foundation

/// A question as the console shows it.
package struct TriageQuestionView: Codable, Sendable, Hashable {
    package var nodeId: String
    package var question: String
    package var help: String?
    /// The labels to offer, in order; answer with the label or its 0-based index.
    package var choices: [String]

    init(nodeId: String, _ q: TriageQuestion) {
        self.nodeId = nodeId
        question = q.question
        help = q.help
        choices = q.choices.map(\.label)
    }
}

/// The end of a walk and what Permanence did about it.
package struct TriageOutcomeView: Codable, Sendable, Hashable {
    /// A callback the practice owes the caller (`message` outcomes; a renewal protocol's `urgent-sms`
    /// too): an item of the secretaries' callback queue, also announced by the webhook event
    /// `triage.callbackRequested`.
    package struct CallbackRequest: Codable, Sendable, Hashable {
        /// The queue message's id (`mes_…`, listed by `messaging.list`); `cb_…` when Messaging is disabled.
        package var id: String
        package var urgency: String
        package var callbackNumber: String
        /// Whether it is in the callback queue (false only when Messaging is disabled).
        package var queued: Bool
        /// The queue item's kind: `triageCallback` or `prescriptionRenewal`.
        package var kind: String?
        /// The message's code and deadline in the queue.
        package var code: String?
        package var dueAt: Date?
        /// True when it joined the patient's open renewal (its first deadline holds).
        package var joined: Bool?
        /// Where the practitioner's urgent SMS went, if one was sent.
        package var smsTo: String?
        /// Why it is not queued, when it is not.
        package var note: String?
    }

    package var nodeId: String
    package var action: String
    /// What the secretary says to the caller now.
    package var script: String
    package var urgency: String
    /// `samu`: the number to dial (15 or 112); `transfer`: the number to transfer to.
    package var number: String?
    /// `page-oncall`, `urgent-sms`: the incident raised (or counted again).
    package var incidentId: String?
    package var incidentCode: String?
    package var callbackRequest: CallbackRequest?
    /// `book-urgent`: who takes over (`staff`).
    package var handoff: String?
}

/// The outcome a session stands at while it waits for a number to call back.
package struct TriagePendingOutcome: Codable, Sendable, Hashable {
    package var nodeId: String
    package var action: String
    package var urgency: String
}

/// The state of a triage session after `triage.start` or `triage.answer`.
package struct TriageStep: Codable, Sendable, Hashable {
    package var sessionId: String
    package var protocolId: String
    /// `question` (answer it), `needsCallbackNumber` (the outcome reached needs a number to call
    /// back and the caller withheld theirs: give it with `triage.answer {sessionId, callbackNumber}`),
    /// or `outcome` (the walk is over).
    package var status: String
    package var question: TriageQuestionView?
    package var outcome: TriageOutcomeView?
    /// With `needsCallbackNumber`: what to ask the caller, and the outcome that waits for it.
    package var prompt: String?
    package var pending: TriagePendingOutcome?
    /// The answers given so far.
    package var answers: [String]
}
