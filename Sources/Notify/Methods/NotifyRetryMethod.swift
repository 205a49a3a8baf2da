import Foundation
import JSONRPC
import Kernel

/// `notify.retry`: sends one message now.
///
/// A dead-lettered message gets a fresh schedule starting now: its attempt history is kept, the
/// attempt count restarts so the whole retry schedule applies again. A pending message (waiting
/// for a retry that may be hours away, after an outage) is made due now and keeps its schedule.
/// Retrying a message to an endpoint disabled by a 410 re-enables that endpoint: the operator
/// says it exists again. The worker is woken at once.
struct NotifyRetryMethod: OneKeyMethod {
    static let keyParam = required("id", .string, "row id or messageId (msg_…)")
    static let name = "notify.retry"
    static let summary = "Sends a dead-lettered or pending message now: dead ones get a fresh retry schedule (admin)."
    static let role = Role.admin
    static let effect = MethodEffect.write
    static let resultSchema = MessageSchemas.message
    let endpoints: EndpointStates
    let poke: @Sendable () -> Void

    func handle(_ p: Params, context: RequestContext) async throws -> OutboxMessage {
        let practiceId = context.practiceId
        let key = p.key
        let now = context.now
        enum Outcome: Sendable {
            case missing
            case wrongStatus(DeliveryStatus)
            case done(OutboxMessage, reenabled: String?)
        }
        let outcome = try await context.write { db -> Outcome in
            guard let m = try OutboxStore.message(key, practiceId: practiceId, in: db) else { return .missing }
            guard try OutboxStore.revive(m, practiceId: practiceId, now: now, in: db) else { return .wrongStatus(m.status) }
            var reenabled: String?
            if m.channel == "webhook", try OutboxStore.disabledEndpoints(db, practiceId: practiceId)[m.destination] != nil {
                try OutboxStore.enableEndpoint(m.destination, practiceId: practiceId, in: db)
                reenabled = m.destination
            }
            return .done(try OutboxStore.message(key, practiceId: practiceId, in: db) ?? m, reenabled: reenabled)
        }
        switch outcome {
        case .missing: throw RPCError.notFound("outbox message \(key)", field: "id")
        case .wrongStatus(let s):
            throw RPCError.conflict(
                "only a dead-lettered or pending message can be retried; this one is \(s.rawValue)",
                data: ["field": "id", "status": .string(s.rawValue)])
        case .done(let m, let reenabled):
            if let reenabled { endpoints.enable(reenabled) }
            poke()
            return m
        }
    }
}
