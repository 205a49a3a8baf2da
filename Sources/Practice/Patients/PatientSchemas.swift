import Kernel

/// JSON Schemas of the patient records on the wire, shared by the `patients.*` methods.
enum PatientSchemas {
    // Bounded strings: params longer than this are refused (-32602 naming the field) before any work.
    static var name: Schema { .text(PatientValidation.maximumNameLength) }
    static var phoneInput: Schema { .text(PatientValidation.maximumPhoneInputLength) }
    static var email: Schema { .text(PatientValidation.maximumEmailLength) }
    static var id: Schema { .text(PatientValidation.maximumIdLength) }
    static var text: Schema { .text(PatientValidation.maximumTextLength) }
    static var notes: Schema { .text(PatientValidation.maximumNotesLength) }
    static func relatedPersons(_ items: Schema) -> Schema { .array(items).maxItems(PatientValidation.maximumRelatedPersons) }

    static var address: Schema {
        .object([optional("street", text), optional("postalCode", .text(20)), optional("city", text), optional("country", .text(60))])
    }

    static var insurance: Schema {
        .object([
            optional("regime", text, "Régime: national insurance scheme (régime général, MSA…)"),
            optional("mutuelle", text, "Complementary insurer"),
            optional("tiersPayant", .boolean, "Whether the patient is spared advancing the fees")
        ])
    }

    static var relatedPerson: Schema {
        .object([
            required("id", .string), required("relationship", .oneOf(RelatedPerson.Relationship.allCases.map(\.rawValue))),
            required("name", .string), required("phone", .string, "E.164")
        ])
    }

    static let followedByDescription =
        "Ids of the practitioners following the patient (médecin traitant or regular patient): the agenda treats the patient as an existing patient of theirs"

    static var patient: Schema {
        .object([
            required("id", .string), required("lastName", .string), required("firstName", .string), required("birthDate", .date),
            required("phone", .string, "E.164"), optional("email", .string), optional("address", address),
            optional("insurance", insurance), required("relatedPersons", .array(relatedPerson)),
            required("followedBy", .array(.string), followedByDescription),
            required("version", .integer, "Grows by one with every change; give it back to patients.update"),
            required("createdAt", .instant), required("updatedAt", .instant)
        ])
    }
}
