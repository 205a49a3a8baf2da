import Foundation
import Kernel

/// `messaging.take`: records a message with its callback deadline, tells the practice at once
/// (webhook; SMS too when urgent), writes the contact history, and links repeat calls.
struct TakeMethod: RPCMethod {
    struct Params: Decodable, Sendable {
        var patientId: String?
        var caller: Message.Caller?
        var category: Message.Category
        var text: String
        var callbackNumber: String
        var urgency: Message.Urgency
        var practitionerId: String?
        var siteId: String?
    }
    static let name = "messaging.take"
    static let summary = "Takes a message for the practice; answers its callback deadline and what to tell the caller."
    static let role = Role.secretary
    static let effect = MethodEffect.write
    static let paramsSchema = Schema.object([
        required("category", .oneOf(Message.Category.allCases.map(\.rawValue))),
        required("text", .text(4000), "the message, up to 4000 characters"),
        required("callbackNumber", .text(40), "the number to call back"),
        required("urgency", .oneOf(Message.Urgency.allCases.map(\.rawValue))),
        optional("patientId", .text(64), "the patient, when known; otherwise give caller"),
        optional("caller", MessageSchemas.caller, "who called, when no patient is given or for a proxy"),
        optional("practitionerId", .text(64), "the practitioner the message is for; urgent messages page them by SMS"),
        optional("siteId", .string, "default: the practitioner's first site, else the first site")
    ])
    static let resultSchema = MessageSchemas.takeResult

    let service: MessagingService

    func handle(_ p: Params, context: RequestContext) async throws -> TakeResult {
        try await service.record(
            MessageDraft(
                siteId: p.siteId, patientId: p.patientId, caller: p.caller, category: p.category,
                text: p.text, callbackNumber: p.callbackNumber, urgency: p.urgency,
                practitionerId: p.practitionerId), context: context)
    }
}
