import Foundation
import Kernel

/// `notify.list`: outbox rows, newest first, optionally by status, channel and creation time.
struct NotifyList: RPCMethod {
    struct Params: Decodable, Sendable {
        let status: String?
        let channel: String?
        let since: Date?
        let limit: Int?
    }
    static let name = "notify.list"
    static let summary = "Outgoing SMS and webhooks, newest first (filter by status, channel, since)."
    static let role = Role.staff
    static let effect = MethodEffect.sensitiveRead
    static let paramsSchema = Schema.object([
        optional("status", .oneOf(DeliveryStatus.allCases.map(\.rawValue))), optional("channel", .oneOf(["sms", "webhook"])),
        optional("since", .instant, "created at or after"), optional("limit", .integer, "1…1000, default 100"),
    ])
    static let resultSchema = Schema.array(MessageSchemas.message)

    func handle(_ p: Params, context: RequestContext) async throws -> [OutboxMessage] {
        var status: DeliveryStatus?
        if let s = p.status {
            guard let parsed = DeliveryStatus(rawValue: s) else {
                throw RPCError.invalidParams(field: "status", "expected one of \(DeliveryStatus.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            status = parsed
        }
        if let c = p.channel, c != "sms", c != "webhook" { throw RPCError.invalidParams(field: "channel", "expected sms or webhook") }
        let limit = p.limit ?? 100
        guard (1...1000).contains(limit) else { throw RPCError.invalidParams(field: "limit", "must be from 1 to 1000") }
        let channel = p.channel, since = p.since, statusFilter = status
        return try await context.store.read { db in
            try OutboxQueries.list(status: statusFilter, channel: channel, since: since, limit: limit, in: db)
        }
    }
}
