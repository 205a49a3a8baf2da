import Kernel

/// JSON Schemas shared by the agenda's methods.
enum AgendaSchemas {
    static let caller = Schema.object([
        optional("name", .string), optional("phone", .string, "E.164 or a French form; normalised"),
        optional("relationship", .oneOf(["self", "parent", "guardian", "caregiver", "professional", "other"])),
    ])
    static let status = Schema.oneOf(AppointmentStatus.allCases.map(\.rawValue))
    static let slot = Schema.object([
        required("practitionerId", .string), required("practitionerName", .string), required("siteId", .string),
        required("appointmentTypeId", .string), required("start", .instant), required("end", .instant),
        required("capacity", .integer), required("remaining", .integer),
        required("released", .boolean, "a staff-only slot released to every role"),
    ])
    static let appointment = Schema.object([
        required("id", .string), required("practitionerId", .string), required("siteId", .string),
        required("appointmentTypeId", .string), required("appointmentTypeLabel", .string), required("patientId", .string),
        optional("patientName", .string), required("newPatient", .boolean), optional("caller", caller),
        required("start", .instant), required("end", .instant), required("status", status),
        required("sequence", .integer, "raised on every change"), optional("notes", .string), optional("idempotencyKey", .string),
        required("createdAt", .instant), required("updatedAt", .instant), required("bookedBy", .string),
        optional("cancelReason", .string), optional("rescheduledFrom", .string), optional("rescheduledTo", .string),
        optional("toReschedule", .boolean, "an absence now covers it"),
    ])
    static let absence = Schema.object([
        required("id", .string), required("practitionerId", .string), required("start", .instant), required("end", .instant),
        required("kind", .oneOf(Absence.Kind.allCases.map(\.rawValue))), optional("reason", .string),
        required("createdAt", .instant), required("createdBy", .string),
    ])
}
