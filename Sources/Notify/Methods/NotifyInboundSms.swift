import Foundation
import Kernel

/// `notify.inboundSms`: a gateway bridge hands in an SMS reply; the modules that listen
/// (Escalation's acknowledgements) decide what it means.
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
    }
    static let name = "notify.inboundSms"
    static let summary = "Passes an inbound SMS (a reply) to the modules that wait for one; says which handled it."
    static let role = Role.integration
    static let effect = MethodEffect.write
    static let paramsSchema = Schema.object([
        required("from", .string, "sender phone number (normalised to E.164)"), required("text", .string),
        optional("receivedAt", .instant, "default: now"),
    ])
    static let resultSchema = Schema.object([
        required("from", .string), required("handled", .boolean), optional("handledBy", .string), optional("summary", .string),
        optional("reference", .string),
    ])

    func handle(_ p: Params, context: RequestContext) async throws -> Result {
        guard let from = (try? PhoneNumber(p.from))?.e164 else {
            throw RPCError.invalidParams(field: "from", "\"\(p.from)\" is not a phone number")
        }
        let text = p.text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw RPCError.invalidParams(field: "text", "is empty") }
        let message = InboundSMSRouter.Message(from: from, text: text, receivedAt: p.receivedAt ?? context.now)
        let handling = try await context.host.inboundSMS.route(message, context: context)
        return Result(from: from, handled: handling != nil, handledBy: handling?.handledBy, summary: handling?.summary,
                      reference: handling?.reference)
    }
}
