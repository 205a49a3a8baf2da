/// Someone who may call on a patient's behalf: a parent of a child, a guardian, a caregiver.
///
/// The caller is often not the patient; recording who may speak for them lets the secretary
/// recognise the caller's number and record the contact as a proxy call. Coded as
/// `{id, relationship, name, phone}`.
package struct RelatedPerson: Sendable, Codable, Equatable {
    /// How the person relates to the patient.
    package enum Relationship: String, Sendable, Codable, CaseIterable {
        case parent, guardian, caregiver, other
    }

    package var id: String
    package var relationship: Relationship
    package var name: String
    /// E.164.
    package var phone: String

    package init(id: String, relationship: Relationship, name: String, phone: String) {
        self.id = id
        self.relationship = relationship
        self.name = name
        self.phone = phone
    }
}
