package import Foundation

/// One contact with the practice, on any channel: a call, an SMS, a mail, a booking, a message, an incident.
///
/// Historisation: every contact is kept so that nothing already said is forgotten; the contact
/// history of a patient (or of a phone number) is the timeline of these entries. Other modules add
/// their own entries (`source` = their plugin id, `reference` = their object's id).
package struct ContactEntry: Sendable, Codable, Equatable {
    package enum Channel: String, Sendable, Codable, CaseIterable { case phone, sms, email, web, chat, letter }
    package enum Direction: String, Sendable, Codable, CaseIterable { case inbound, outbound }
    package enum Motive: String, Sendable, Codable, CaseIterable { case appointment, prescription, results, emergency, admin, information, other }
    package enum Relationship: String, Sendable, Codable, CaseIterable { case `self`, parent, guardian, caregiver, professional, other }

    /// Who called: the patient, or someone on their behalf (a proxy).
    package struct Caller: Sendable, Codable, Equatable {
        package var name: String?
        package var phone: String?
        package var relationship: Relationship?
        package init(name: String? = nil, phone: String? = nil, relationship: Relationship? = nil) {
            self.name = name
            self.phone = phone
            self.relationship = relationship
        }
    }

    package var id: String
    package var channel: Channel
    package var direction: Direction
    package var patientId: String?
    package var caller: Caller?
    package var motive: Motive
    package var subject: String?
    /// When the contact arrived (a call entering the queue); the timeline's order.
    package var offeredAt: Date
    package var answeredAt: Date?
    package var endedAt: Date?
    package var abandonedAt: Date?
    package var agent: String?
    package var outcome: String?
    package var notes: String?
    /// The module that recorded it: `practice` for contacts recorded directly, `agenda`, `messaging`…
    package var source: String
    /// The id of the module's object (appointment, message, incident), if any.
    package var reference: String?
    /// A short kind within the source: `booked`, `cancelled`, `message`, `incident`…
    package var kind: String?

    package init(
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
    package var isMissedCall: Bool {
        channel == .phone && direction == .inbound && answeredAt == nil && (abandonedAt != nil || endedAt != nil)
    }
}
