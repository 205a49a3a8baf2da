import Foundation
import JSONRPC
import Kernel

/// `notify.failures`: notifications that could not be delivered, for the secretaries: where they
/// were going, why they failed, and who took the promise behind them over. Never the payload.
struct NotifyFailuresMethod: RPCMethod {
    typealias Params = PagedParams<Filters>
    struct Filters: Decodable, Sendable {
        let status: String?
        let channel: String?
    }
    static let name = "notify.failures"
    static let summary = "Undelivered SMS and webhooks (given up, or still retrying), newest first, with who took them over; no payload."
    static let role = Role.secretary
    static let paramsSchema = Schema.object(
        [
            optional(
                "status", .oneOf(FailureStore.Filter.allCases.map(\.rawValue)),
                "dead (given up, default), retrying (pending after failed attempts) or all"),
            optional("channel", .oneOf(["sms", "webhook"]))
        ] + PageCursor.paramsFields(standard: 50))
    static let resultSchema = Page<DeliveryFailureRecord>.schema(DeliveryFailureRecord.schema)

    func handle(_ p: Params, context: RequestContext) async throws -> Page<DeliveryFailureRecord> {
        let practiceId = context.practiceId
        var filter = FailureStore.Filter.dead
        if let s = p.status {
            guard let parsed = FailureStore.Filter(rawValue: s) else {
                throw RPCError.invalidParams(field: "status", "expected dead, retrying or all")
            }
            filter = parsed
        }
        if let c = p.channel, c != "sms", c != "webhook" { throw RPCError.invalidParams(field: "channel", "expected sms or webhook") }
        let limit = try p.pageSize(standard: 50)
        let before = try p.after([.int])?[0].int
        let channel = p.channel
        let f = filter
        let rows = try await context.store.read { db in
            try FailureStore.list(f, channel: channel, before: before, limit: limit + 1, practiceId: practiceId, in: db)
        }
        return Page(fetched: rows, limit: limit) { [PageKey(Int64($0.id) ?? 0)] }
    }
}
