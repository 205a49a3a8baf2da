import Kernel

/// JSON Schemas of contact journal entries on the wire.
enum ContactSchemas {
    static var caller: Schema {
        .object([
            optional("name", PatientSchemas.text), optional("phone", PatientSchemas.phoneInput, "Any French or international form; stored as E.164"),
            required(
                "relationship", .oneOf(ContactEntry.Relationship.allCases.map(\.rawValue)),
                "self when the patient calls; parent, guardian, caregiver, professional, other for a proxy")
        ])
    }

    static var entryFields: [Schema.Field] {
        [
            required("id", .string), required("channel", .oneOf(ContactEntry.Channel.allCases.map(\.rawValue))),
            required("direction", .oneOf(ContactEntry.Direction.allCases.map(\.rawValue))), optional("patientId", .string),
            optional(
                "caller",
                .object([
                    optional("name", .string), optional("phone", .string),
                    optional("relationship", .oneOf(ContactEntry.Relationship.allCases.map(\.rawValue)))
                ])),
            required("motive", .oneOf(ContactEntry.Motive.allCases.map(\.rawValue))), optional("subject", .string),
            required("offeredAt", .instant), optional("answeredAt", .instant), optional("endedAt", .instant),
            optional("abandonedAt", .instant), optional("agent", .string), optional("outcome", .string), optional("notes", .string),
            required("source", .string, "The module that recorded it: practice, agenda, messaging, escalation…"),
            optional("reference", .string, "The id of the module's object (appointment, message, incident)"),
            optional("kind", .string, "A short kind within the source: booked, message, incident…")
        ]
    }

    static var entry: Schema { .object(entryFields) }

    static var historyItem: Schema {
        .object(
            entryFields + [
                required(
                    "match", .oneOf(["patient", "phone"]),
                    "patient: recorded for the patient; phone: recorded without a patient, from one of their numbers")
            ])
    }
}
