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
    /// A callback the practice owes the caller (`message` outcomes), announced by the webhook event `triage.callbackRequested`.
    public struct CallbackRequest: Codable, Sendable, Hashable {
        public var id: String
        public var urgency: String
        public var callbackNumber: String
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

/// The state of a triage session after `triage.start` or `triage.answer`.
public struct TriageStep: Codable, Sendable, Hashable {
    public var sessionId: String
    public var protocolId: String
    /// `question` (answer it) or `outcome` (the walk is over).
    public var status: String
    public var question: TriageQuestionView?
    public var outcome: TriageOutcomeView?
    /// The answers given so far.
    public var answers: [String]
}
