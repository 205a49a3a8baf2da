import Foundation
import JSONRPC

/// `$/cancelRequest`: the named request stops and still answers, with -32800 (or with its result
/// when its work was already done).
struct CancelRequestMethod: RPCMethod {
    struct Params: Decodable, Sendable { let id: JSONValue }
    static let name = "$/cancelRequest"
    static let summary = "Cancels an in-flight request of this session; it answers -32800, or its result if its work was already done."
    static let role = Role.integration
    static let paramsSchema = Schema.object([required("id", .any)])
    static let resultSchema = Schema.null
    func handle(_ p: Params, context: RequestContext) async throws -> JSONValue {
        context.session.cancel(p.id)
        return .null
    }
}
