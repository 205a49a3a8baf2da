import Foundation
import JSONRPC

/// `kernel.clock.set`: moves a manual clock (only when the server runs with `--clock`).
struct KernelClockSetMethod: RPCMethod {
    let clock: ManualClock
    struct Params: Decodable, Sendable {
        let at: Date?
        let advanceSeconds: Double?
    }
    struct Result: Encodable, Sendable { let now: Date }
    static let name = "kernel.clock.set"
    static let summary = "Sets or advances the manual clock (servers started with --clock only)."
    static let role = Role.admin
    static let effect = MethodEffect.write
    static let paramsSchema = Schema.object([optional("at", .instant), optional("advanceSeconds", .number)])
    static let resultSchema = Schema.object([required("now", .instant)])
    func handle(_ p: Params, context: RequestContext) async throws -> Result {
        if let at = p.at {
            guard at >= clock.now() else { throw RPCError.unprocessable(field: "at", "the clock never goes backwards") }
            clock.set(at)
        }
        if let s = p.advanceSeconds {
            guard s >= 0 else { throw RPCError.invalidParams(field: "advanceSeconds", "must be positive") }
            clock.advance(by: s)
        }
        return Result(now: clock.now())
    }
}
