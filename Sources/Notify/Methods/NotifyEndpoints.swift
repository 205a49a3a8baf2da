import Foundation
import JSONRPC
import Kernel

/// `notify.endpoints`: the configured webhook endpoints, their event filters and whether they are disabled.
struct NotifyEndpoints: RPCMethod {
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
        let disabled = try await context.store.read { db in try OutboxStore.disabledEndpoints(db) }
        return configuration.webhooks.map { e in
            let state = disabled[e.id]
            return Endpoint(id: e.id, url: e.url, events: e.events, enabled: state == nil, disabledAt: state?.at, disabledReason: state?.reason)
        }
    }
}

/// `notify.enableEndpoint`: re-enables an endpoint disabled by a 410 Gone (admin).
struct NotifyEnableEndpoint: RPCMethod {
    struct Params: Decodable, Sendable { let id: String }
    struct Result: Encodable, Sendable {
        let id: String
        let enabled: Bool
    }
    static let name = "notify.enableEndpoint"
    static let summary = "Re-enables a webhook endpoint that was disabled after answering 410 Gone (admin)."
    static let role = Role.admin
    static let effect = MethodEffect.write
    static let paramsSchema = Schema.object([required("id", .string, "a notify.webhooks id")])
    static let resultSchema = Schema.object([required("id", .string), required("enabled", .boolean)])
    let configuration: NotifyConfiguration
    let endpoints: EndpointStates

    func handle(_ p: Params, context: RequestContext) async throws -> Result {
        guard configuration.endpoint(p.id) != nil else { throw RPCError.notFound("webhook endpoint \(p.id)", field: "id") }
        let id = p.id
        try await context.write { db in try OutboxStore.enableEndpoint(id, in: db) }
        endpoints.enable(id)
        return Result(id: id, enabled: true)
    }
}
