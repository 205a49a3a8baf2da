import Foundation
import JSONRPC
import Kernel

/// `notify.retryAll`: after an outage, sends the backlog of a channel or an event now, as
/// `notify.retry` does one row at a time (dead rows get a fresh schedule, pending rows become due
/// now). Bounded by `limit`; `remaining` says how many more match. Webhooks to an endpoint
/// disabled by a 410 are left out: re-enable it (`notify.enableEndpoint`) first.
struct NotifyRetryAllMethod: RPCMethod {
    struct Params: Decodable, Sendable {
        let channel: String?
        let event: String?
        let status: String?
        let limit: Int?
    }
    struct Result: Encodable, Sendable {
        let retried: Int
        /// Row ids retried, oldest first.
        let ids: [String]
        /// Rows that match but were beyond `limit`: call again.
        let remaining: Int
    }
    static let name = "notify.retryAll"
    static let summary = "Sends now every dead-lettered and/or pending message of a channel or event, at most limit at a time (admin)."
    static let role = Role.admin
    static let effect = MethodEffect.write
    static let maximumLimit = 1000
    static let paramsSchema = Schema.object([
        optional("channel", .oneOf(["sms", "webhook"]), "give channel, event or both"), optional("event", .string, "e.g. escalation.page"),
        optional("status", .oneOf(["dead", "pending", "all"]), "default all (dead and pending)"),
        optional("limit", .integer, "1…\(maximumLimit), default 100")
    ])
    static let resultSchema = Schema.object([
        required("retried", .integer), required("ids", .array(.string)), required("remaining", .integer, "matching rows beyond limit")
    ])
    let endpoints: EndpointStates
    let poke: @Sendable () -> Void

    func handle(_ p: Params, context: RequestContext) async throws -> Result {
        let practiceId = context.practiceId
        if let c = p.channel, c != "sms", c != "webhook" { throw RPCError.invalidParams(field: "channel", "expected sms or webhook") }
        if let e = p.event, e.isEmpty || e.count > 200 { throw RPCError.invalidParams(field: "event", "must be 1 to 200 characters") }
        guard p.channel != nil || p.event != nil else {
            throw RPCError.invalidParams(field: "channel", "give a channel, an event or both (notify.retry retries one message)")
        }
        let statuses: [DeliveryStatus]
        switch p.status {
        case nil, "all"?: statuses = [.dead, .pending]
        case "dead"?: statuses = [.dead]
        case "pending"?: statuses = [.pending]
        default: throw RPCError.invalidParams(field: "status", "expected dead, pending or all")
        }
        let limit = p.limit ?? 100
        guard (1...Self.maximumLimit).contains(limit) else {
            throw RPCError.invalidParams(field: "limit", "must be from 1 to \(Self.maximumLimit)")
        }
        let channel = p.channel
        let event = p.event
        let now = context.now
        let disabled = endpoints.disabledIDs
        let result = try await context.write { db -> Result in
            let (rows, more) = try OutboxStore.revivable(
                statuses: statuses, channel: channel, event: event, disabled: disabled,
                limit: limit, practiceId: practiceId, in: db)
            for row in rows { try OutboxStore.revive(row, practiceId: practiceId, now: now, in: db) }
            return Result(retried: rows.count, ids: rows.map(\.id), remaining: more)
        }
        if result.retried > 0 { poke() }
        return result
    }
}
