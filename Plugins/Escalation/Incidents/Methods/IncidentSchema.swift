import Kernel

/// JSON Schemas of the incident types, shared by the escalation methods.
enum IncidentSchema {
    static let notification = Schema.object([
        required("step", .integer), required("round", .integer), required("target", .string), optional("practitionerId", .string),
        required("channel", .oneOf(["sms", "webhook"])), required("destination", .string), optional("text", .string),
        required("outboxId", .integer), required("sentAt", .instant),
        optional("delivery", Outbox.DeliveryState.schema, "where it stands in the outbox")
    ])
    /// One step of the incident's frozen chain (`EscalationStep`).
    static let step = Schema.object([
        required("notify", .string, "oncall, oncall-backup, practitioner, staff or a practitioner id"),
        required("channels", .array(.oneOf(["sms", "webhook"]))), required("waitMinutes", .integer)
    ])
    static let incident = Schema.object([
        required("id", .string), required("code", .string),
        required("status", .oneOf(Incident.Status.allCases.map(\.rawValue))), required("source", .string),
        optional("patientId", .string), optional("caller", .string), required("reason", .string), required("urgency", .string),
        optional("details", .string), optional("practitionerId", .string),
        required("chain", .object([required("id", .string), required("steps", .array(step)), required("repeat", .integer)])),
        required("count", .integer), required("raisedAt", .instant), required("lastCallAt", .instant), required("nextStep", .integer),
        optional("nextStepAt", .instant), optional("acknowledgedAt", .instant), optional("acknowledgedBy", .string),
        optional("acknowledgedVia", .string), optional("exhaustedAt", .instant), optional("resolvedAt", .instant),
        optional("resolvedBy", .string), optional("outcome", .string), optional("triageSessionId", .string),
        optional("notifications", .array(notification)),
        optional("sms", Outbox.DeliveryState.schema, "the state of its latest page SMS")
    ])
}
