import Foundation
import JSONRPC
import Kernel

/// `notify.list`: outbox rows, newest first, optionally by status, channel and creation time, a page at a time.
struct NotifyListMethod: RPCMethod {
    typealias Params = PagedParams<Filters>
    struct Filters: Decodable, Sendable {
        let status: String?
        let channel: String?
        let since: Date?
    }
    static let name = "notify.list"
    static let summary = "Outgoing SMS and webhooks, newest first (filter by status, channel, since)."
    static let role = Role.staff
    static let effect = MethodEffect.sensitiveRead
    static let paramsSchema = Schema.object(
        [
            optional("status", .oneOf(DeliveryStatus.allCases.map(\.rawValue))), optional("channel", .oneOf(["sms", "webhook"])),
            optional("since", .instant, "created at or after")
        ] + PageCursor.paramsFields(standard: 100))
    static let resultSchema = Page<OutboxMessage>.schema(MessageSchemas.message)

    func handle(_ p: Params, context: RequestContext) async throws -> Page<OutboxMessage> {
        let practiceId = context.practiceId
        var status: DeliveryStatus?
        if let s = p.status {
            guard let parsed = DeliveryStatus(rawValue: s) else {
                throw RPCError.invalidParams(field: "status", "expected one of \(DeliveryStatus.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            status = parsed
        }
        if let c = p.channel, c != "sms", c != "webhook" { throw RPCError.invalidParams(field: "channel", "expected sms or webhook") }
        let limit = try p.pageSize(standard: 100)
        let before = try p.after([.real, .int])
        let channel = p.channel
        let since = p.since
        let statusFilter = status
        let rows = try await context.store.read { db in
            try OutboxStore.list(status: statusFilter, channel: channel, since: since, before: before, limit: limit + 1, practiceId: practiceId, in: db)
        }
        return Page(keyed: rows, limit: limit)
    }
}
