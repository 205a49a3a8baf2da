package import Kernel
import Practice

/// One kind of appointment a practitioner offers, with the rules the agenda enforces for it.
///
/// Durations and notices are in minutes as in the configuration (`minutes`, `bufferMinutes`…).
/// `capacity` is the number of patients one slot takes (3 for a group vaccination session).
package struct AppointmentType: Sendable, Hashable {
    /// Who the type is for: a new patient ("nouveau patient": someone the practitioner does not follow yet),
    /// an existing one, or both.
    package enum Audience: String, Sendable, Hashable, Codable, CaseIterable { case new, existing, all }

    package var id: String
    package var label: String
    package var minutes: Int
    package var capacity: Int
    package var audience: Audience
    /// Roles allowed to book; nil means every role allowed to call `agenda.book`. A role is allowed
    /// when it is at least one of the listed roles (`[staff]` admits staff and admin).
    package var bookableBy: [Role]?
    /// Hours before its start at which a restricted slot opens to every role; nil: never.
    package var releaseHoursBefore: Double?
    package var minNoticeMinutes: Int
    package var horizonDays: Int
    /// Time kept free after each appointment of this type.
    package var bufferMinutes: Int
    /// Distance between two candidate starts; defaults to `minutes + bufferMinutes`.
    package var stepMinutes: Int
    /// How the appointment happens (`cabinet`, `video`, `home`…): informational.
    package var mode: String

    /// The default horizon when a type names none: half a year.
    package static let defaultHorizonDays = 180

    /// Time the appointment blocks in the practitioner's agenda, buffer included, in minutes.
    package var blockMinutes: Int { minutes + bufferMinutes }

    /// Whether `role` may book this type without waiting for its release.
    package func isRestricted(for role: Role) -> Bool {
        guard let bookableBy, !bookableBy.isEmpty else { return false }
        return !bookableBy.contains { role.satisfies($0) }
    }

    /// Whether `audience` admits a new (true) or existing (false) patient.
    package func admits(newPatient: Bool) -> Bool {
        switch audience {
        case .all: true
        case .new: newPatient
        case .existing: !newPatient
        }
    }
}
