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
    /// Ten concatenated SMS segments and then some: longer is not an SMS.
    static let maximumTextLength = 2000
    static let paramsSchema = Schema.object([
        required("from", .string, "sender phone number (normalised to E.164)"),
        required("text", .string, "at most \(maximumTextLength) characters"), optional("receivedAt", .instant, "default: now"),
    ])
    static let resultSchema = Schema.object([
        required("from", .string), required("handled", .boolean), optional("handledBy", .string), optional("summary", .string),
        optional("reference", .string), optional("inboxId", .string, "when no module handled it: the notify.inbox item keeping it"),
    ])

    func handle(_ p: Params, context: RequestContext) async throws -> Result {
        guard p.text.count <= Self.maximumTextLength else {
            throw RPCError.invalidParams(field: "text", "longer than \(Self.maximumTextLength) characters")
        }
        guard let from = (try? PhoneNumber(p.from))?.e164 else {
            throw RPCError.invalidParams(field: "from", "\"\(p.from)\" is not a phone number")
        }
        let text = p.text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw RPCError.invalidParams(field: "text", "is empty") }
        let receivedAt = p.receivedAt ?? context.now
        let message = InboundSMSRouter.Message(from: from, text: text, receivedAt: receivedAt)
        if let handling = try await context.host.inboundSMS.route(message, context: context) {
            return Result(from: from, handled: true, handledBy: handling.handledBy, summary: handling.summary,
                          reference: handling.reference, inboxId: nil)
        }
        let now = context.now
        let item = try await context.write { db in try InboxQueries.insert(from: from, text: text, receivedAt: receivedAt, now: now, in: db) }
        context.publish("notify.inboxReceived", item.notice)
        return Result(from: from, handled: false, handledBy: nil, summary: nil, reference: nil, inboxId: item.id)
    }
}
