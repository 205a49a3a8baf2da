import Kernel

/// JSON Schemas shared by the `notify.*` methods.
enum MessageSchemas {
    static let message = Schema.object([
        required("id", .string), required("messageId", .string, "the webhook-id, the same on every attempt"),
        required("channel", .oneOf(["sms", "webhook"])), required("destination", .string), required("event", .string),
        required("payload", .string), required("urgency", .oneOf(["urgent", "normal"])), optional("reference", .string),
        required("status", .oneOf(DeliveryStatus.allCases.map(\.rawValue))), required("attempts", .integer),
        required("nextAttemptAt", .instant), required("createdAt", .instant), required("updatedAt", .instant),
        optional("lastError", .string), optional("parentId", .string),
        optional("providerMessageId", .string, "the SMS gateway's id for it (Twilio's sid)"),
        optional("providerStatus", .string, "the latest state the gateway's delivery receipts reported: queued, sent, delivered, undelivered, failed…"),
        optional("providerStatusAt", .instant, "when that receipt arrived")
    ])

    static let attempt = Schema.object([
        required("at", .instant), optional("httpStatus", .integer), optional("error", .string), required("durationMs", .number)
    ])

    static let deliveryEvent = Schema.object([
        required("id", .string), required("messageId", .string), required("channel", .string), required("destination", .string),
        required("event", .string), optional("reference", .string), required("attempts", .integer), optional("reason", .string)
    ])
}
