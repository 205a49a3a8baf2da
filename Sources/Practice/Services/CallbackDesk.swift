package import Foundation
package import Kernel

/// The secretaries' callback queue as other modules see it: every promise made to a caller
/// ("le cabinet vous rappellera", "le Dr Roux vous rappellera avant 13 h 40") and every delivery
/// that failed becomes an item of that one queue, with an owner and a deadline.
///
/// Messaging owns the queue and registers an implementation in `KernelHost.services`; Escalation
/// (triage callbacks, renewals, exhausted chains) puts items in it without importing Messaging.
/// `enqueue` runs inside the caller's write transaction, so the promise and its queue item commit
/// together. The desk publishes `messaging.received` for a new item (`messaging.urgencyRaised` for
/// an item a request made urgent) itself, once that transaction has committed, and never for a
/// transaction rolled back: callers have nothing to publish.
package protocol CallbackDesk: Sendable {
    func enqueue(_ request: CallbackRequest, actor: String, now: Date, in db: any StoreConnection) throws -> QueuedCallback
}

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

/// The queue item that now holds a request.
package struct QueuedCallback: Sendable, Codable, Equatable {
    /// The message id in the callback queue (`mes_…`).
    package var messageId: String
    /// The six-character code practitioners quote in SMS replies.
    package var code: String
    package var dueAt: Date
    /// False when the request joined an item already open for the same caller and subject
    /// (a second renewal request, a repeat call): the first promise is kept.
    package var created: Bool
    /// Whether the item is urgent now (a request can make an item it joins urgent).
    package var urgent: Bool
    /// Where the practitioner's alert SMS went, when one was queued by this request.
    package var smsTo: String?

    package init(messageId: String, code: String, dueAt: Date, created: Bool, urgent: Bool = false, smsTo: String? = nil) {
        self.messageId = messageId
        self.code = code
        self.dueAt = dueAt
        self.created = created
        self.urgent = urgent
        self.smsTo = smsTo
    }
}
