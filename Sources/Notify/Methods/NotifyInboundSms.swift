import Foundation
import Kernel

/// `notify.inboundSms`: a gateway bridge hands in an SMS reply; the modules that listen
/// (Escalation's acknowledgements, Messaging's replies) decide what it means. A reply that no
/// module handles is kept in the inbox (`notify.inbox`) for a secretary and announced by
/// `notify.inboxReceived`: it never disappears.
struct NotifyInboundSms: RPCMethod {
    struct Params: Decodable, Sendable {
        let from: String
        let text: String
        let receivedAt: Date?
    }
    struct Result: Encodable, Sendable {
        /// The sender in E.164.
        let from: String
        let handled: Bool
        let handledBy: String?
        let summary: String?
        let reference: String?
        /// The inbox item that keeps an unhandled SMS.
        let inboxId: String?
    }
    static let name = "notify.inboundSms"
    static let summary = "Passes an inbound SMS (a reply) to the modules that wait for one; says which handled it, or keeps it in the inbox."
    static let role = Role.integration
    static let effect = MethodEffect.write
    static let maximumTextLength = InboundSMSIntake.maximumTextLength
    static let paramsSchema = Schema.object([
        required("from", .string, "sender phone number (normalised to E.164)"),
        required("text", .string, "at most \(maximumTextLength) characters"), optional("receivedAt", .instant, "default: now")
    ])
    static let resultSchema = Schema.object([
        required("from", .string), required("handled", .boolean), optional("handledBy", .string), optional("summary", .string),
        optional("reference", .string), optional("inboxId", .string, "when no module handled it: the notify.inbox item keeping it")
    ])

    func handle(_ p: Params, context: RequestContext) async throws -> Result {
        let outcome = try await InboundSMSIntake.receive(from: p.from, text: p.text, receivedAt: p.receivedAt, context: context)
        return Result(
            from: outcome.from, handled: outcome.handling != nil, handledBy: outcome.handling?.handledBy,
            summary: outcome.handling?.summary, reference: outcome.handling?.reference, inboxId: outcome.inboxId)
    }
}
