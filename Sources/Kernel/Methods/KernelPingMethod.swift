import Foundation
import JSONRPC

/// `kernel.ping`: the cheapest round trip.
struct KernelPingMethod: InlineRPCMethod {
    typealias Params = NoParams
    typealias Result = String
    static let name = "kernel.ping"
    static let summary = "Answers \"pong\": a liveness check and the benchmark's unit of work."
    static let role = Role.integration
    static let paramsSchema = Schema.empty
    static let resultSchema = Schema.string
    func handleInline(_ p: NoParams, context: RequestContext) throws -> String { "pong" }
}
