import Foundation
import JSONRPC
import Kernel

/// `notify.get`: one outbox row with every attempt (and, for a `*` webhook, the rows it became).
struct NotifyGetMethod: OneKeyMethod {
    static let keyParam = required("id", .string, "row id or messageId (msg_…)")
    struct Result: Encodable, Sendable {
        let message: OutboxMessage
        let attempts: [DeliveryAttempt]
        let fannedOutTo: [OutboxMessage]
    }
    static let name = "notify.get"
    static let summary = "One outgoing message (by row id or messageId) with its delivery attempts."
    static let role = Role.staff
    static let effect = MethodEffect.sensitiveRead
    static let resultSchema = Schema.object([
        required("message", MessageSchemas.message), required("attempts", .array(MessageSchemas.attempt)),
        required("fannedOutTo", .array(MessageSchemas.message))
    ])

    func handle(_ p: Params, context: RequestContext) async throws -> Result {
        let practiceId = context.practiceId
        let key = p.key
        let found = try await context.store.read { db -> Result? in
            guard let m = try OutboxStore.message(key, practiceId: practiceId, in: db) else { return nil }
            return Result(
                message: m, attempts: try OutboxStore.attempts(of: m.rowID, practiceId: practiceId, in: db),
                fannedOutTo: try OutboxStore.children(of: m.rowID, practiceId: practiceId, in: db))
        }
        guard let found else { throw RPCError.notFound("outbox message \(key)", field: "id") }
        return found
    }
}
