import Kernel
import Practice

/// JSON Schemas shared by the messaging methods.
enum MessageSchemas {
    /// A prescription renewal request (`Message.Renewal`).
    static let renewal = Schema.object([
        required("medications", .array(.object([required("name", .string), optional("essential", .boolean)]))),
        required("stock", .oneOf(Message.Renewal.Stock.allCases.map(\.rawValue))), optional("pharmacy", .string)
    ])

    static let caller = Schema.object([
        optional("name", .text(200)), optional("phone", .text(40), "phone number, normalised to E.164"),
        optional("relationship", .oneOf(ContactEntryRelationships.all), "who the caller is to the patient")
    ])

    static let message = Schema.object(
        [
            required("id", .string), required("code", .string, "reference given in SMS"),
            required("kind", .oneOf(["message"] + CallbackRequest.Kind.allCases.map(\.rawValue))),
            required("status", .oneOf(Message.Status.allCases.map(\.rawValue))),
            required("takenAt", .instant), required("takenBy", .string), required("siteId", .string),
            optional("patientId", .string), optional("caller", caller),
            required("category", .oneOf(Message.Category.allCases.map(\.rawValue))), required("text", .string),
            optional("callbackNumber", .string), required("urgency", .oneOf(Message.Urgency.allCases.map(\.rawValue))),
            optional("practitionerId", .string), required("dueAt", .instant), required("overdue", .boolean),
            optional("assignee", .string), optional("assignedAt", .instant), optional("completedAt", .instant),
            optional("completedBy", .string), optional("outcome", .oneOf(Message.Outcome.allCases.map(\.rawValue))),
            optional("note", .string), required("threadId", .string), required("callCount", .integer),
            optional("repeatPolicy", .string), optional("repeatIncidentId", .string), optional("smsTo", .string),
            optional("overdueNotifiedAt", .instant), optional("renewal", renewal, "for a prescription renewal: what is asked"),
            optional(
                "origin", .object([required("source", .string), required("reference", .string)]),
                "the module and thing that queued it (a triage session, an incident, a failed SMS)"),
            optional("sms", Outbox.DeliveryState.schema, "the state of its latest urgent SMS")
        ], additionalProperties: true)

    static let takeResult = Schema.object([
        required("message", message),
        required("deadlineText", .string, "the deadline as said to the caller"),
        required("callerNotice", .string, "the sentence to tell the caller"),
        required(
            "delivery",
            .object([
                required("webhook", .boolean), optional("sms", .object([required("to", .string), required("text", .string)])),
                optional("smsSkipped", .string)
            ])),
        optional(
            "repeat",
            .object([
                required("count", .integer), required("firstAt", .instant), required("phrase", .string),
                required("linkedMessageIds", .array(.string)),
                required(
                    "missedCalls",
                    .array(
                        .object([
                            required("contactId", .string), required("offeredAt", .instant),
                            optional("abandonedAt", .instant), required("source", .string)
                        ])),
                    "calls nobody answered within the repeat window, from the contact journal"),
                required("alreadyRegistered", .boolean, "the call joined an open thread: the first promise holds"),
                required("policy", .string),
                optional("incidentId", .string), required("urgencyRaised", .boolean)
            ])),
        optional("urgentPath", .oneOf(["sms", "transfer"])), optional("transferNumber", .string),
        optional("joined", .boolean, "the request joined an open item for the same request; its first deadline holds")
    ])
}

/// The relationship values of the contact journal, as schema enum values.
enum ContactEntryRelationships {
    static let all = ContactEntry.Relationship.allCases.map(\.rawValue)
}
