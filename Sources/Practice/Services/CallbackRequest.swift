package import Foundation

/// Something the practice owes a caller, or a failed delivery a secretary must make up for.
package struct CallbackRequest: Sendable, Codable, Equatable {
    /// What the item is: a callback promised at the end of a triage, a prescription renewal, an
    /// alert that could not be delivered, an escalation chain that reached nobody.
    package enum Kind: String, Sendable, Codable, CaseIterable {
        case triageCallback, prescriptionRenewal, undeliveredAlert, exhaustedChain
        /// A patient's SMS reply to a reminder or an offer that is not a keyword (Agenda).
        case patientReply
    }
    package var kind: Kind
    /// `urgent` items go to the top of the queue.
    package var urgent: Bool
    package var patientId: String?
    /// The caller's number (E.164) when known; a triage may end without one.
    package var callerPhone: String?
    /// Where to call back, if different from the caller's number.
    package var callbackNumber: String?
    package var practitionerId: String?
    /// The text a secretary reads in the queue (French, from the module's configuration).
    package var text: String
    /// The module and thing behind the item (`escalation`, a triage session or incident id; `notify`, an outbox message id).
    package var source: String
    package var reference: String
    /// The deadline, when the promise named one; otherwise the queue's own rule for the urgency applies.
    package var dueAt: Date?
    /// An urgent request also alerts the practitioner (or `messaging.urgentSmsNumber`) by SMS, as an
    /// urgent `messaging.take` does (a triage `urgent-sms` outcome, an essential treatment out of stock).
    package var alertsPractitioner: Bool
    /// False when the caller already wrote the call in the contact journal (a triage writes its own
    /// entry), or when no patient contact happened (an alert): the desk then writes none.
    package var recordsContact: Bool

    package init(
        kind: Kind, urgent: Bool, patientId: String? = nil, callerPhone: String? = nil, callbackNumber: String? = nil,
        practitionerId: String? = nil, text: String, source: String, reference: String, dueAt: Date? = nil,
        alertsPractitioner: Bool = false, recordsContact: Bool = true
    ) {
        self.kind = kind
        self.urgent = urgent
        self.patientId = patientId
        self.callerPhone = callerPhone
        self.callbackNumber = callbackNumber
        self.practitionerId = practitionerId
        self.text = text
        self.source = source
        self.reference = reference
        self.dueAt = dueAt
        self.alertsPractitioner = alertsPractitioner
        self.recordsContact = recordsContact
    }
}
