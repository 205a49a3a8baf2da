import Foundation

/// One contact with the practice, on any channel: a call, an SMS, a mail, a booking, a message, an incident.
///
/// Historisation: every contact is kept so that nothing already said is forgotten; the contact
/// history of a patient (or of a phone number) is the timeline of these entries. Other modules add
/// their own entries (`source` = their plugin id, `reference` = their object's id).
public struct ContactEntry: Sendable, Codable, Equatable {
    public enum Channel: String, Sendable, Codable, CaseIterable { case phone, sms, email, web, chat, letter }
    public enum Direction: String, Sendable, Codable, CaseIterable { case inbound, outbound }
    public enum Motive: String, Sendable, Codable, CaseIterable { case appointment, prescription, results, emergency, admin, information, other }
    public enum Relationship: String, Sendable, Codable, CaseIterable { case `self`, parent, guardian, caregiver, professional, other }

    /// Who called: the patient, or someone on their behalf (a proxy).
    public struct Caller: Sendable, Codable, Equatable {
        public var name: String?
        public var phone: String?
        public var relationship: Relationship?
        public init(name: String? = nil, phone: String? = nil, relationship: Relationship? = nil) {
            self.name = name
            self.phone = phone
            self.relationship = relationship
        }
    }

    public var id: String
    public var channel: Channel
    public var direction: Direction
    public var patientId: String?
    public var caller: Caller?
    public var motive: Motive
    public var subject: String?
    /// When the contact arrived (a call entering the queue); the timeline's order.
    public var offeredAt: Date
    public var answeredAt: Date?
    public var endedAt: Date?
    public var abandonedAt: Date?
    public var agent: String?
    public var outcome: String?
    public var notes: String?
    /// The module that recorded it: `practice` for contacts recorded directly, `agenda`, `messaging`…
    public var source: String
    /// The id of the module's object (appointment, message, incident), if any.
    public var reference: String?
    /// A short kind within the source: `booked`, `cancelled`, `message`, `incident`…
    public var kind: String?

    public init(
        id: String = "", channel: Channel, direction: Direction, patientId: String?, caller: Caller?, motive: Motive,
        subject: String? = nil, offeredAt: Date, answeredAt: Date? = nil, endedAt: Date? = nil, abandonedAt: Date? = nil,
        agent: String? = nil, outcome: String? = nil, notes: String? = nil, source: String, reference: String? = nil, kind: String? = nil
    ) {
        self.id = id
        self.channel = channel
        self.direction = direction
        self.patientId = patientId
        self.caller = caller
        self.motive = motive
        self.subject = subject
        self.offeredAt = offeredAt
        self.answeredAt = answeredAt
        self.endedAt = endedAt
        self.abandonedAt = abandonedAt
        self.agent = agent
        self.outcome = outcome
        self.notes = notes
        self.source = source
        self.reference = reference
        self.kind = kind
    }

    /// True for an inbound call that ended without anyone answering: abandoned in the queue, or
    /// left it (timeout, no agent, a key pressed) — « j'ai appelé, personne n'a répondu ». A
    /// contact known only by its arrival (no answer, end or abandon instant) is not one.
    public var isMissedCall: Bool {
        channel == .phone && direction == .inbound && answeredAt == nil && (abandonedAt != nil || endedAt != nil)
    }
}
