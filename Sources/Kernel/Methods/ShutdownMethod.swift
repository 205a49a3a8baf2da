import Foundation
import JSONRPC

/// `shutdown`: the session will accept no more requests but `exit`; requests received before it
/// still run (the dispatcher marks the session when it admits this call, in the order lines arrived).
struct ShutdownMethod: RPCMethod {
    static let name = "shutdown"
    static let summary = "Asks the session to stop accepting requests; reply null. Then send exit."
    static let role = Role.integration
    static let paramsSchema = Schema.empty
    static let resultSchema = Schema.null
    func handle(_ p: NoParams, context: RequestContext) async throws -> JSONValue {
        .null
    }
}
