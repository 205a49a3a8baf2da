import Foundation
import JSONRPC
import Kernel

/// `messaging.get`: one message and the other messages of its thread (repeat calls).
struct MessagingGetMethod: RPCMethod {
    struct Params: Decodable, Sendable { var messageId: String }
    struct Result: Encodable, Sendable {
        var message: Message
        /// Every message of the thread, oldest first (this one included).
        var thread: [Message]
    }
    static let name = "messaging.get"
    static let summary = "One message with the messages of its thread (calls linked as repeats)."
    static let role = Role.secretary
    static let effect = MethodEffect.sensitiveRead
    static let paramsSchema = Schema.object([required("messageId", .string)])
    static let resultSchema = Schema.object([required("message", MessageSchemas.message), required("thread", .array(MessageSchemas.message))])

    let service: MessagingService

    func handle(_ p: Params, context: RequestContext) async throws -> Result {
        let now = context.now
        let practiceId = context.practiceId
        return try await context.store.read { db in
            let message = try Message.fetchDetailed(p.messageId, practiceId: practiceId, in: db, now: now)
            var thread = try MessagingStore.thread(message.threadId, practiceId: practiceId, now: now, in: db)
            try Message.fillDetails(&thread, practiceId: practiceId, in: db)
            return Result(message: message, thread: thread)
        }
    }
}
