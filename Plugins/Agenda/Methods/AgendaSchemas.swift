import Kernel

/// JSON Schemas shared by the agenda's methods.
enum AgendaSchemas {
    static let caller = Schema.object([
        optional("name", .string), optional("phone", .string, "E.164 or a French form; normalised"),
        optional("relationship", .oneOf(["self", "parent", "guardian", "caregiver", "professional", "other"]))
    ])
    static let status = Schema.oneOf(AppointmentStatus.allCases.map(\.rawValue))
    static let slot = Schema.object([
        required("practitionerId", .string), required("practitionerName", .string), required("siteId", .string),
        required("appointmentTypeId", .string), required("start", .instant), required("end", .instant),
        required("capacity", .integer), required("remaining", .integer),
        required("released", .boolean, "a staff-only slot released to every role")
    ])
    static let emptyReason = Schema.oneOf(EmptyReason.allCases.map(\.rawValue))
    /// The members saying why a search found nothing (`SearchExplanation`).
    static let explanationFields: [Schema.Field] = [
        required("reason", emptyReason, "the searched practitioners' common reason, or mixed"),
        required("message", .string, "one French line for the secretary: the reasons, then → the alternatives"),
        required(
            "practitioners",
            .array(
                .object([
                    required("practitionerId", .string), required("practitionerName", .string), required("reason", emptyReason),
                    required("message", .string)
                ])), "each searched practitioner's reason"),
        required(
            "alternatives", .array(slot),
            "first free slot of each other practitioner of the same specialty offering the type to this patient, earliest first, at most 3")
    ]
    static let explanation = Schema.object(explanationFields)
    static let appointment = Schema.object([
        required("id", .string), required("practitionerId", .string), required("siteId", .string),
        required("appointmentTypeId", .string), required("appointmentTypeLabel", .string), required("patientId", .string),
        optional("patientName", .string), required("newPatient", .boolean), optional("caller", caller),
        required("start", .instant), required("end", .instant), required("status", status),
        required("sequence", .integer, "raised on every change"), optional("notes", .string), optional("idempotencyKey", .string),
        required("createdAt", .instant), required("updatedAt", .instant), required("bookedBy", .string),
        optional("cancelReason", .string), optional("rescheduledFrom", .string), optional("rescheduledTo", .string),
        optional("toReschedule", .boolean, "an absence now covers it")
    ])
    static let absence = Schema.object([
        required("id", .string), required("practitionerId", .string), required("start", .instant), required("end", .instant),
        required("kind", .oneOf(Absence.Kind.allCases.map(\.rawValue))), optional("reason", .string),
        required("createdAt", .instant), required("createdBy", .string)
    ])
}
