import Foundation
import JSONRPC

/// `initialized`: the client's acknowledgement (a notification; nothing to do).
struct InitializedMethod: RPCMethod {
    static let name = "initialized"
    static let summary = "Notification sent by the client after initialize."
    static let role = Role.integration
    static let paramsSchema = Schema.empty
    static let resultSchema = Schema.null
    func handle(_ p: NoParams, context: RequestContext) async throws -> JSONValue { .null }
}
