import Foundation
import JSONRPC
import Kernel

/// The rules a patient record obeys, shared by `patients.create`, `patients.update` and the
/// related-person methods. Each failure names its field.
enum PatientValidation {
    /// The earliest birth date accepted.
    static let earliestBirthDate = LocalDate(year: 1900, month: 1, day: 1)!
    static let maximumNameLength = 100
    static let maximumTextLength = 200
    /// Bounds checked on params before decoding (declared in the schemas, see `PatientSchemas`).
    static let maximumEmailLength = 254
    static let maximumPhoneInputLength = 40
    static let maximumIdLength = 64
    static let maximumNotesLength = 10_000
    static let maximumRelatedPersons = 20

    /// A trimmed, non-empty name of reasonable length (-32022 naming `field` otherwise).
    static func name(_ text: String, field: String) throws -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, !TextFolding.fold(trimmed).isEmpty else {
            throw RPCError.unprocessable(field: field, "must hold at least one letter")
        }
        guard trimmed.count <= maximumNameLength else {
            throw RPCError.unprocessable(field: field, "is longer than \(maximumNameLength) characters")
        }
        return trimmed
    }

    /// A birth date neither in the future (in the practice's zone) nor before 1900 (-32022).
    static func birthDate(_ date: LocalDate, today: LocalDate, field: String = "birthDate") throws -> LocalDate {
        guard date <= today else { throw RPCError.unprocessable(field: field, "\(date) is in the future (today is \(today))") }
        guard date >= earliestBirthDate else { throw RPCError.unprocessable(field: field, "\(date) is before \(earliestBirthDate)") }
        return date
    }

    /// A plausible email address, trimmed (-32602 naming `field` otherwise). Empty text means none.
    static func email(_ text: String?, field: String = "email") throws -> String? {
        guard let text else { return nil }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return nil }
        let parts = trimmed.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
            !trimmed.contains(where: \.isWhitespace), trimmed.count <= 254
        else { throw RPCError.invalidParams(field: field, "\"\(trimmed)\" is not an email address (expected name@domain.tld)") }
        return trimmed
    }

    /// Free text trimmed, empty as nil, bounded (-32022 naming `field`).
    static func text(_ text: String?, field: String, limit: Int = maximumTextLength) throws -> String? {
        guard let trimmed = text?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
        guard trimmed.count <= limit else { throw RPCError.unprocessable(field: field, "is longer than \(limit) characters") }
        return trimmed
    }

    static func address(_ a: Patient.Address?, field: String = "address") throws -> Patient.Address? {
        guard let a else { return nil }
        let cleaned = Patient.Address(
            street: try text(a.street, field: field + ".street"),
            postalCode: try text(a.postalCode, field: field + ".postalCode", limit: 20),
            city: try text(a.city, field: field + ".city"),
            country: try text(a.country, field: field + ".country", limit: 60))
        return cleaned == Patient.Address() ? nil : cleaned
    }

    static func insurance(_ i: Patient.Insurance?, field: String = "insurance") throws -> Patient.Insurance? {
        guard let i else { return nil }
        let cleaned = Patient.Insurance(
            regime: try text(i.regime, field: field + ".regime"),
            mutuelle: try text(i.mutuelle, field: field + ".mutuelle"), tiersPayant: i.tiersPayant)
        return cleaned == Patient.Insurance() ? nil : cleaned
    }

    /// Practitioner ids each naming a practitioner of the practice (-32022 naming `followedBy[i]`
    /// otherwise), trimmed, repeats dropped, in the order given.
    static func followedBy(_ ids: [String], directory: PracticeDirectory, field: String = "followedBy") throws -> [String] {
        var kept: [String] = []
        for (i, raw) in ids.enumerated() {
            let id = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            guard directory.practitioners.contains(where: { $0.id == id }) else {
                throw RPCError.unprocessable(
                    field: "\(field)[\(i)]",
                    "unknown practitioner \"\(raw)\"; known: \(directory.practitioners.map(\.id).joined(separator: ", "))")
            }
            if !kept.contains(id) { kept.append(id) }
        }
        return kept
    }

    /// Related persons with ids (kept when given, new otherwise); names checked.
    static func relatedPersons(_ inputs: [RelatedPersonInput], field: String = "relatedPersons") throws -> [RelatedPerson] {
        guard inputs.count <= maximumRelatedPersons else {
            throw RPCError.unprocessable(field: field, "at most \(maximumRelatedPersons) related persons")
        }
        return try inputs.enumerated().map { i, r in
            try r.validated(field: "\(field)[\(i)]")
        }
    }
}

/// A related person as given in params: `{relationship, name, phone}`; the phone is normalised
/// to E.164 while decoding (-32602 naming `…phone` when it is not a usable number).
struct RelatedPersonInput: Decodable, Sendable {
    let relationship: RelatedPerson.Relationship
    let name: String
    let phone: PhoneNumber

    func validated(field: String) throws -> RelatedPerson {
        RelatedPerson(
            id: PatientRegistry.newID("rp_"), relationship: relationship,
            name: try PatientValidation.name(name, field: field + ".name"), phone: phone.e164)
    }

    static var schema: Schema {
        .object([
            required("relationship", .oneOf(RelatedPerson.Relationship.allCases.map(\.rawValue))),
            required("name", PatientSchemas.name), required("phone", PatientSchemas.phoneInput, "French or international number; stored as E.164")
        ])
    }
}
