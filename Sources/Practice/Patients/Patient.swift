package import Foundation

/// A patient of the practice, as the answering service knows them.
///
/// Identity (names, birth date), how to reach them (phone in E.164, email, postal address),
/// their insurance, and the people who may call on their behalf. `version` starts at 1 and
/// grows by one with every change: `patients.update` takes it back for optimistic concurrency.
/// Coded as on the wire: `{id, lastName, firstName, birthDate, phone, email?, address?,
/// insurance?, relatedPersons, followedBy, version, createdAt, updatedAt}`.
package struct Patient: Sendable, Codable, Equatable {
    /// A postal address; every part is optional, since callers give what they know.
    package struct Address: Sendable, Codable, Equatable {
        package var street: String?
        package var postalCode: String?
        package var city: String?
        package var country: String?
    }

    /// The patient's cover.
    package struct Insurance: Sendable, Codable, Equatable {
        /// Régime: the national insurance scheme (régime général, MSA, ALD exonération…), free text.
        package var regime: String?
        /// Mutuelle: the complementary insurer, free text.
        package var mutuelle: String?
        /// Tiers payant: whether the patient is spared advancing the fees.
        package var tiersPayant: Bool?
    }

    package var id: String
    package var lastName: String
    package var firstName: String
    package var birthDate: LocalDate
    /// E.164 (`+33612345678`).
    package var phone: String
    package var email: String?
    package var address: Address?
    package var insurance: Insurance?
    /// Parents, guardians, caregivers: who may call for the patient.
    package var relatedPersons: [RelatedPerson]
    /// Ids of the practitioners who follow the patient (médecin traitant — the GP registered as the
    /// patient's regular doctor — or a regular patient of theirs), in the order given: for them the
    /// agenda books the patient as an existing patient.
    package var followedBy: [String]
    package var version: Int
    package var createdAt: Date
    package var updatedAt: Date

    package init(
        id: String, lastName: String, firstName: String, birthDate: LocalDate, phone: String, email: String? = nil,
        address: Address? = nil, insurance: Insurance? = nil, relatedPersons: [RelatedPerson] = [], followedBy: [String] = [], version: Int = 1,
        createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.lastName = lastName
        self.firstName = firstName
        self.birthDate = birthDate
        self.phone = phone
        self.email = email
        self.address = address
        self.insurance = insurance
        self.relatedPersons = relatedPersons
        self.followedBy = followedBy
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// "Hélène Lefèvre-Dubois": first name then last name, as written in an agenda or a message.
    package var fullName: String { "\(firstName) \(lastName)" }

    /// The key two records of the same person share (see `TextFolding.duplicateKey`).
    package var duplicateKey: String { TextFolding.duplicateKey(lastName: lastName, firstName: firstName, birthDate: birthDate) }

    /// What `patients.search` matches words against: the folded names, plus each name with its
    /// spaces removed so that "legoff" finds "Le Goff".
    var searchText: String {
        var words = [TextFolding.fold(lastName), TextFolding.fold(firstName)]
        for name in [lastName, firstName] {
            let squashed = TextFolding.fold(name).replacingOccurrences(of: " ", with: "")
            if !words.contains(squashed) { words.append(squashed) }
        }
        return words.joined(separator: " ")
    }
}
