import Foundation

/// A question as the console shows it.
public struct TriageQuestionView: Codable, Sendable, Hashable {
    public var nodeId: String
    public var question: String
    public var help: String?
    /// The labels to offer, in order; answer with the label or its 0-based index.
    public var choices: [String]

    init(nodeId: String, _ q: TriageQuestion) {
        self.nodeId = nodeId
        question = q.question
        help = q.help
        choices = q.choices.map(\.label)
    }
}

/// The end of a walk and what Permanence did about it.
public struct TriageOutcomeView: Codable, Sendable, Hashable {
    /// A callback the practice owes the caller (`message` outcomes; a renewal protocol's `urgent-sms`
    /// too): an item of the secretaries' callback queue, also announced by the webhook event
    /// `triage.callbackRequested`.
    public struct CallbackRequest: Codable, Sendable, Hashable {
        /// The queue message's id (`mes_…`, listed by `messaging.list`); `cb_…` when Messaging is disabled.
        public var id: String
        public var urgency: String
        public var callbackNumber: String
        /// Whether it is in the callback queue (false only when Messaging is disabled).
        public var queued: Bool
        /// The queue item's kind: `triageCallback` or `prescriptionRenewal`.
        public var kind: String?
        /// The message's code and deadline in the queue.
        public var code: String?
        public var dueAt: Date?
        /// True when it joined the patient's open renewal (its first deadline holds).
        public var joined: Bool?
        /// Where the practitioner's urgent SMS went, if one was sent.
        public var smsTo: String?
        /// Why it is not queued, when it is not.
        public var note: String?
    }

    public var nodeId: String
    public var action: String
    /// What the secretary says to the caller now.
    public var script: String
    public var urgency: String
    /// `samu`: the number to dial (15 or 112); `transfer`: the number to transfer to.
    public var number: String?
    /// `page-oncall`, `urgent-sms`: the incident raised (or counted again).
    public var incidentId: String?
    public var incidentCode: String?
    public var callbackRequest: CallbackRequest?
    /// `book-urgent`: who takes over (`staff`).
    public var handoff: String?
}

/// The outcome a session stands at while it waits for a number to call back.
public struct TriagePendingOutcome: Codable, Sendable, Hashable {
    public var nodeId: String
    public var action: String
    public var urgency: String
}

/// The state of a triage session after `triage.start` or `triage.answer`.
public struct TriageStep: Codable, Sendable, Hashable {
    public var sessionId: String
    public var protocolId: String
    /// `question` (answer it), `needsCallbackNumber` (the outcome reached needs a number to call
    /// back and the caller withheld theirs: give it with `triage.answer {sessionId, callbackNumber}`),
    /// or `outcome` (the walk is over).
    public var status: String
    public var question: TriageQuestionView?
    public var outcome: TriageOutcomeView?
    /// With `needsCallbackNumber`: what to ask the caller, and the outcome that waits for it.
    public var prompt: String?
    public var pending: TriagePendingOutcome?
    /// The answers given so far.
    public var answers: [String]
}
