import Foundation
import JSONRPC
import Kernel

/// `notify.enableEndpoint`: re-enables an endpoint disabled by a 410 Gone (admin).
struct NotifyEnableEndpointMethod: OneKeyMethod {
    static let keyParam = required("id", .string, "a notify.webhooks id")
    struct Result: Encodable, Sendable {
        let id: String
        let enabled: Bool
    }
    static let name = "notify.enableEndpoint"
    static let summary = "Re-enables a webhook endpoint that was disabled after answering 410 Gone (admin)."
    static let role = Role.admin
    static let effect = MethodEffect.write
    static let resultSchema = Schema.object([required("id", .string), required("enabled", .boolean)])
    let configuration: NotifyConfiguration
    let endpoints: EndpointStates

    func handle(_ p: Params, context: RequestContext) async throws -> Result {
        let practiceId = context.practiceId
        guard configuration.endpoint(p.key) != nil else { throw RPCError.notFound("webhook endpoint \(p.key)", field: "id") }
        let id = p.key
        try await context.write { db in try OutboxStore.enableEndpoint(id, practiceId: practiceId, in: db) }
        endpoints.enable(id)
        return Result(id: id, enabled: true)
    }
}
