import Foundation
import JSONRPC
import Kernel

/// `messaging.reopen`: brings a completed message back to the queue with a new deadline counted from now.
struct MessagingReopenMethod: RPCMethod {
    struct Params: Decodable, Sendable {
        var messageId: String
        var reason: String?
    }
    static let name = "messaging.reopen"
    static let summary = "Reopens a completed message; its deadline is computed again from now."
    static let role = Role.secretary
    static let effect = MethodEffect.write
    static let paramsSchema = Schema.object([required("messageId", .text(64)), optional("reason", .text(4000), "kept as the message's note")])
    static let resultSchema = MessageSchemas.message

    let service: MessagingService

    func handle(_ p: Params, context: RequestContext) async throws -> Message {
        try await service.reopen(p.messageId, reason: p.reason, context: context)
    }
}
