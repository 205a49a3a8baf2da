import Foundation
import Kernel

/// `notify.retry`: gives a dead-lettered message a fresh schedule, starting now.
///
/// Its attempt history is kept; the attempt count restarts so the whole retry schedule applies
/// again. Retrying a message to an endpoint disabled by a 410 re-enables that endpoint: the
/// operator says it exists again.
struct NotifyRetry: RPCMethod {
    struct Params: Decodable, Sendable { let id: String }
    static let name = "notify.retry"
    static let summary = "Puts a dead-lettered message back to pending, due now (admin)."
    static let role = Role.admin
    static let effect = MethodEffect.write
    static let paramsSchema = Schema.object([required("id", .string, "row id or messageId (msg_…)")])
    static let resultSchema = MessageSchemas.message
    let endpoints: EndpointStates
    let poke: @Sendable () -> Void

    func handle(_ p: Params, context: RequestContext) async throws -> OutboxMessage {
        let key = p.id, now = context.now
        enum Outcome: Sendable { case missing, wrongStatus(DeliveryStatus), done(OutboxMessage, reenabled: String?) }
        let outcome = try await context.write { db -> Outcome in
            guard let m = try OutboxQueries.message(key, in: db) else { return .missing }
            guard m.status == .dead else { return .wrongStatus(m.status) }
            try db.execute(sql: """
                UPDATE outbox SET status = 'pending', attempts = 0, nextAttemptAt = ?, updatedAt = ?, lastError = NULL WHERE id = ?
                """, arguments: [now.timeIntervalSince1970, now.timeIntervalSince1970, m.rowID])
            var reenabled: String?
            if m.channel == "webhook", try OutboxQueries.disabledEndpoints(db)[m.destination] != nil {
                try OutboxQueries.enableEndpoint(m.destination, in: db)
                reenabled = m.destination
            }
            return .done(try OutboxQueries.message(key, in: db) ?? m, reenabled: reenabled)
        }
        switch outcome {
        case .missing: throw RPCError.notFound("outbox message \(key)", field: "id")
        case .wrongStatus(let s): throw RPCError.conflict("only a dead-lettered message can be retried; this one is \(s.rawValue)",
                                                          data: ["field": "id", "status": .string(s.rawValue)])
        case .done(let m, let reenabled):
            if let reenabled { endpoints.enable(reenabled) }
            poke()
            return m
        }
    }
}
