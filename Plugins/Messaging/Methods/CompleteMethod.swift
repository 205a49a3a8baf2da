import Foundation
import Kernel

/// `messaging.complete`: closes a message with the callback's outcome.
struct CompleteMethod: RPCMethod {
    struct Params: Decodable, Sendable {
        var messageId: String
        var outcome: Message.Outcome
        var note: String?
    }
    static let name = "messaging.complete"
    static let summary = "Completes a message with its outcome (calledBack, leftVoicemail, unreachable, noLongerNeeded)."
    static let role = Role.secretary
    static let effect = MethodEffect.write
    static let paramsSchema = Schema.object([
        required("messageId", .text(64)), required("outcome", .oneOf(Message.Outcome.allCases.map(\.rawValue))), optional("note", .text(4000))
    ])
    static let resultSchema = MessageSchemas.message

    let service: MessagingService

    func handle(_ p: Params, context: RequestContext) async throws -> Message {
        try await service.complete(p.messageId, outcome: p.outcome, note: p.note, context: context)
    }
}
