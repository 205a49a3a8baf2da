/// Who may receive an event topic, and whether its payload holds patient data.
///
/// An event is a read by another path: a session receives a topic only when its role may read
/// what the payload holds, and a delivered event that carries patient data is audited like the
/// read it replaces (see `EventDeliveryAudit`). A topic a plugin publishes without declaring its
/// access is `undeclared`: admin only, so that nothing leaks by omission.
package struct EventAccess: Sendable, Hashable, Codable {
    /// The lowest role that receives the topic.
    package let role: Role
    /// Whether payloads name a patient or hold what a patient said (names, phone numbers, message
    /// text, medical reasons): deliveries are then audited.
    package let carriesPatientData: Bool

    package init(role: Role, carriesPatientData: Bool) {
        self.role = role
        self.carriesPatientData = carriesPatientData
    }

    /// A topic whose payload holds patient data, for `role` and above (default: secretaries, who
    /// may read patient records).
    package static func patientData(_ role: Role = .secretary) -> EventAccess {
        EventAccess(role: role, carriesPatientData: true)
    }

    /// A topic whose payload holds no patient data (configuration changes, practitioners' absences).
    package static func operational(_ role: Role) -> EventAccess {
        EventAccess(role: role, carriesPatientData: false)
    }

    /// The rule of a topic nobody declared: the most restrictive.
    package static let undeclared = EventAccess(role: .admin, carriesPatientData: true)
}
