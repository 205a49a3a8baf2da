import Foundation
import JSONRPC

/// `rpc.discover`: the OpenRPC document of every enabled method.
struct RPCDiscoverMethod: RPCMethod {
    static let name = "rpc.discover"
    static let summary = "Returns the OpenRPC 1.3 document describing every enabled method."
    static let role = Role.integration
    static let paramsSchema = Schema.empty
    static let resultSchema = Schema(["$ref": "https://raw.githubusercontent.com/open-rpc/meta-schema/master/schema.json"])
    func handle(_ p: NoParams, context: RequestContext) async throws -> JSONValue {
        context.host.openRPCDocument
    }
}
