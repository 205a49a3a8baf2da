package import Foundation

/// What `messaging.take` and `messaging.prescriptionRenewal` answer: the message, what to tell the
/// caller, how the practice was told, and whether this is a repeat call.
package struct TakeResult: Sendable, Encodable {
    /// How the message left for the practice.
    package struct Delivery: Sendable, Encodable {
        /// A `messaging.received` webhook was queued for every endpoint subscribed to it.
        package var webhook: Bool
        /// The urgent SMS queued, if any (recipient in E.164 and the text).
        package var sms: SMS?
        /// Why no SMS was sent for an urgent message.
        package var smsSkipped: String?
    }

    package struct SMS: Sendable, Encodable {
        package var to: String
        package var text: String
    }

    /// A call nobody answered, from the contact journal (`contacts.record`, an imported queue_log or CSV).
    package struct MissedCall: Sendable, Encodable {
        /// The journal entry (`contacts.history` shows it too).
        package var contactId: String
        package var offeredAt: Date
        package var abandonedAt: Date?
        /// Who recorded it: `practice` (`contacts.record`), `kpi` (an import)…
        package var source: String
    }

    /// A caller calling again while an earlier message is open, or after calls nobody answered.
    package struct Repeat: Sendable, Encodable {
        /// This call's rank: the open messages of the thread, plus the missed calls of the
        /// repeat window (`escalation.repeatCallers.windowHours`), plus one (3 for the third call).
        package var count: Int
        /// The first of those calls.
        package var firstAt: Date
        /// « 3e appel depuis hier 17:40 ».
        package var phrase: String
        package var linkedMessageIds: [String]
        /// The missed calls counted, oldest first.
        package var missedCalls: [MissedCall]
        /// True when the call joined an open thread: the request was already registered and its
        /// first promise holds (the deadline is the thread's earliest, never later).
        package var alreadyRegistered: Bool
        /// What the repeat-caller policy did (`raise-urgency`, `page-staff`, `none`…), `no policy`
        /// when none is registered, or `policy failed: …`.
        package var policy: String
        package var incidentId: String?
        /// True when the policy's `raise-urgency` turned this message urgent.
        package var urgencyRaised: Bool
    }

    package var message: Message
    /// The deadline as said to the caller: « mardi 7 avril avant 14 h 30 ».
    package var deadlineText: String
    /// The sentence the secretary tells the caller.
    package var callerNotice: String
    package var delivery: Delivery
    package var `repeat`: Repeat?
    /// For renewals: `sms` or `transfer` when the request went the urgent way.
    package var urgentPath: String?
    /// For a transfer: the number to transfer the call to.
    package var transferNumber: String?
    /// True when the request joined an open item for the same request (a second renewal request):
    /// `message` is that item, and its first deadline holds (moved earlier only when made urgent).
    package var joined: Bool?
}
