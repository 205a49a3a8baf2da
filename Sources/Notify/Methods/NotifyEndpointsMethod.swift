import Foundation
import JSONRPC
import Kernel

/// `notify.endpoints`: the configured webhook endpoints, their event filters and whether they are disabled.
struct NotifyEndpointsMethod: RPCMethod {
    struct Endpoint: Encodable, Sendable {
        let id: String
        let url: String
        let events: [String]
        let enabled: Bool
        let disabledAt: Date?
        let disabledReason: String?
    }
    static let name = "notify.endpoints"
    static let summary = "Configured webhook endpoints with their event filters and state (disabled after a 410)."
    static let role = Role.staff
    static let paramsSchema = Schema.empty
    static let resultSchema = Schema.array(
        .object([
            required("id", .string), required("url", .string), required("events", .array(.string)), required("enabled", .boolean),
            optional("disabledAt", .instant), optional("disabledReason", .string)
        ]))
    let configuration: NotifyConfiguration

    func handle(_ p: NoParams, context: RequestContext) async throws -> [Endpoint] {
        let practiceId = context.practiceId
        let disabled = try await context.store.read { db in try OutboxStore.disabledEndpoints(db, practiceId: practiceId) }
        return configuration.webhooks.map { e in
            let state = disabled[e.id]
            return Endpoint(id: e.id, url: e.url, events: e.events, enabled: state == nil, disabledAt: state?.at, disabledReason: state?.reason)
        }
    }
}
