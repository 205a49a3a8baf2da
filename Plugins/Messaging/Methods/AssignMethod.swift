import Foundation
import JSONRPC
import Kernel

/// `messaging.assign`: someone takes a message in charge (default: the caller of the method).
struct AssignMethod: RPCMethod {
    struct Params: Decodable, Sendable {
        var messageId: String
        var assignee: String?
    }
    static let name = "messaging.assign"
    static let summary = "Assigns a message of the callback queue to someone (default: the session's actor)."
    static let role = Role.secretary
    static let effect = MethodEffect.write
    static let paramsSchema = Schema.object([
        required("messageId", .text(64)), optional("assignee", .text(200), "a practitioner id or a staff member's name")
    ])
    static let resultSchema = MessageSchemas.message

    let service: MessagingService

    func handle(_ p: Params, context: RequestContext) async throws -> Message {
        let assignee = (p.assignee ?? context.actor).trimmingCharacters(in: .whitespaces)
        guard !assignee.isEmpty else { throw RPCError.invalidParams(field: "assignee", "must not be empty") }
        return try await service.assign(p.messageId, to: assignee, context: context)
    }
}
