package import Foundation
package import Kernel

/// An alert that must reach someone: raised by a triage outcome, a repeat caller or a secretary,
/// run through its frozen escalation chain until acknowledged, exhausted or resolved.
///
/// Status: `open` (the chain runs) → `acknowledged` (someone took it; the chain stops) → `resolved`;
/// or `open` → `exhausted` (every step ran without acknowledgement; `escalation.exhausted`), which can
/// still be acknowledged or resolved.
package struct Incident: Codable, Sendable, Hashable {
    package enum Status: String, Codable, Sendable, CaseIterable { case open, acknowledged, exhausted, resolved }

    package var id: String
    /// Short numeric code carried by every SMS page; the reply `OK <code>` acknowledges.
    package var code: String
    package var status: Status
    /// What raised it: `page-oncall`, `urgent-sms` (triage), `repeat-caller`, `manual` (`escalation.raise`).
    package var source: String
    package var patientId: String?
    /// The caller's number (E.164), called back by whoever acknowledges.
    package var caller: String?
    package var reason: String
    package var urgency: String
    /// Medical detail for the console; never sent by SMS.
    package var details: String?
    /// The patient's practitioner, for steps `notify: practitioner`.
    package var practitionerId: String?
    /// The chain as it was when the incident was raised.
    package var chain: EscalationChain
    /// Calls about this incident (1 when raised; each repeat call with the same caller and reason adds one).
    package var count: Int
    package var raisedAt: Date
    package var lastCallAt: Date
    /// Position of the next step over all rounds (0-based); equals `chain.totalSteps` once the last step ran.
    package var nextStep: Int
    /// When the next step fires (or the chain is declared exhausted); nil once the chain stopped.
    package var nextStepAt: Date?
    package var acknowledgedAt: Date?
    package var acknowledgedBy: String?
    /// `console` or `sms`.
    package var acknowledgedVia: String?
    package var exhaustedAt: Date?
    package var resolvedAt: Date?
    package var resolvedBy: String?
    package var outcome: String?
    /// The triage session that raised it, if any.
    package var triageSessionId: String?
    /// What was sent, step by step (filled by `escalation.get`).
    package var notifications: [IncidentNotification]?
    /// The state of its latest page SMS, read from the outbox (filled by `escalation.get` and `escalation.list`).
    package var sms: Outbox.DeliveryState?

    init(row: StoreRow) throws {
        func date(_ c: String) -> Date? { (row[c] as Double?).map(Date.init(timeIntervalSince1970:)) }
        id = row["id"]
        code = row["code"]
        status = Status(rawValue: row["status"]) ?? .open
        source = row["source"]
        patientId = row["patientId"]
        caller = row["caller"]
        reason = row["reason"]
        urgency = row["urgency"]
        details = row["details"]
        practitionerId = row["practitionerId"]
        chain = try JSONDecoder().decode(EscalationChain.self, from: Data((row["chain"] as String).utf8))
        count = row["count"]
        raisedAt = date("raisedAt")!
        lastCallAt = date("lastCallAt")!
        nextStep = row["nextStep"]
        nextStepAt = date("nextStepAt")
        acknowledgedAt = date("acknowledgedAt")
        acknowledgedBy = row["acknowledgedBy"]
        acknowledgedVia = row["acknowledgedVia"]
        exhaustedAt = date("exhaustedAt")
        resolvedAt = date("resolvedAt")
        resolvedBy = row["resolvedBy"]
        outcome = row["outcome"]
        triageSessionId = row["triageSessionId"]
    }

    init(
        id: String, code: String, source: String, patientId: String?, caller: String?, reason: String, urgency: String,
        details: String?, practitionerId: String?, chain: EscalationChain, now: Date, triageSessionId: String?
    ) {
        self.id = id
        self.code = code
        status = .open
        self.source = source
        self.patientId = patientId
        self.caller = caller
        self.reason = reason
        self.urgency = urgency
        self.details = details
        self.practitionerId = practitionerId
        self.chain = chain
        count = 1
        raisedAt = now
        lastCallAt = now
        nextStep = 0
        nextStepAt = now
        self.triageSessionId = triageSessionId
    }

    /// Whether an SMS reply or the console may still acknowledge it.
    var isAcknowledgeable: Bool { status == .open || status == .exhausted }
}

/// One notification sent for an incident: a step's SMS to one number, or its webhook.
package struct IncidentNotification: Codable, Sendable, Hashable {
    /// Position over all rounds (0-based); -1 for alerts outside the chain (repeat-caller alert, confirmation).
    package var step: Int
    package var round: Int
    /// The step's `notify` value.
    package var target: String
    package var practitionerId: String?
    /// `sms` or `webhook`.
    package var channel: String
    /// The phone number (E.164) or `*` (every webhook subscribed).
    package var destination: String
    /// The SMS text (no medical detail by construction).
    package var text: String?
    package var outboxId: Int64
    package var sentAt: Date
    /// Where this notification stands in the outbox (filled by `escalation.get`).
    package var delivery: Outbox.DeliveryState?
}

extension IncidentNotification {
    /// A stored row (declared here so that the memberwise initialiser stays synthesized).
    init(row: StoreRow) {
        step = row["step"]
        round = row["round"]
        target = row["target"]
        practitionerId = row["practitionerId"]
        channel = row["channel"]
        destination = row["destination"]
        text = row["text"]
        outboxId = row["outboxId"]
        sentAt = Date(timeIntervalSince1970: row["sentAt"])
    }
}
