import Foundation
import JSONRPC

/// `exit`: closes the connection (stdio: ends the process once replies are written).
struct ExitMethod: RPCMethod {
    static let name = "exit"
    static let summary = "Closes the session after pending replies are written."
    static let role = Role.integration
    static let paramsSchema = Schema.empty
    static let resultSchema = Schema.null
    func handle(_ p: NoParams, context: RequestContext) async throws -> JSONValue {
        context.session.requestExit()
        return .null
    }
}
