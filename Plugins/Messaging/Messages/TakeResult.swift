import Foundation

/// What `messaging.take` and `messaging.prescriptionRenewal` answer: the message, what to tell the
/// caller, how the practice was told, and whether this is a repeat call.
public struct TakeResult: Sendable, Encodable {
    /// How the message left for the practice.
    public struct Delivery: Sendable, Encodable {
        /// A `messaging.received` webhook was queued for every endpoint subscribed to it.
        public var webhook: Bool
        /// The urgent SMS queued, if any (recipient in E.164 and the text).
        public var sms: SMS?
        /// Why no SMS was sent for an urgent message.
        public var smsSkipped: String?
    }

    public struct SMS: Sendable, Encodable {
        public var to: String
        public var text: String
    }

    /// A call nobody answered, from the contact journal (`contacts.record`, an imported queue_log or CSV).
    public struct MissedCall: Sendable, Encodable {
        /// The journal entry (`contacts.history` shows it too).
        public var contactId: String
        public var offeredAt: Date
        public var abandonedAt: Date?
        /// Who recorded it: `practice` (`contacts.record`), `kpi` (an import)…
        public var source: String
    }

    /// A caller calling again while an earlier message is open, or after calls nobody answered.
    public struct Repeat: Sendable, Encodable {
        /// This call's rank: the open messages of the thread, plus the missed calls of the
        /// repeat window (`escalation.repeatCallers.windowHours`), plus one (3 for the third call).
        public var count: Int
        /// The first of those calls.
        public var firstAt: Date
        /// « 3e appel depuis hier 17:40 ».
        public var phrase: String
        public var linkedMessageIds: [String]
        /// The missed calls counted, oldest first.
        public var missedCalls: [MissedCall]
        /// True when the call joined an open thread: the request was already registered and its
        /// first promise holds (the deadline is the thread's earliest, never later).
        public var alreadyRegistered: Bool
        /// What the repeat-caller policy did (`raise-urgency`, `page-staff`, `none`…), `no policy`
        /// when none is registered, or `policy failed: …`.
        public var policy: String
        public var incidentId: String?
        /// True when the policy's `raise-urgency` turned this message urgent.
        public var urgencyRaised: Bool
    }

    public var message: Message
    /// The deadline as said to the caller: « mardi 7 avril avant 14 h 30 ».
    public var deadlineText: String
    /// The sentence the secretary tells the caller.
    public var callerNotice: String
    public var delivery: Delivery
    public var `repeat`: Repeat?
    /// For renewals: `sms` or `transfer` when the request went the urgent way.
    public var urgentPath: String?
    /// For a transfer: the number to transfer the call to.
    public var transferNumber: String?
    /// True when the request joined an open item for the same request (a second renewal request):
    /// `message` is that item, and its first deadline holds (moved earlier only when made urgent).
    public var joined: Bool?
}
