import Foundation
import Kernel

/// `oncall.overrides {from?, to?}`: the overrides (configured, then entered over RPC) overlapping a period.
struct OnCallOverrides: RPCMethod {
    let engine: EscalationEngine
    struct Params: Decodable, Sendable {
        let from: Date?
        let to: Date?
    }
    static let name = "oncall.overrides"
    static let summary = "Lists on-call overrides overlapping [from, to) (default: all), in the order they apply (later wins)."
    static let role = Role.secretary
    static let itemSchema = Schema.object([
        required("id", .string), required("practitionerId", .string), required("from", .instant), required("to", .instant),
        optional("reason", .string), required("source", .oneOf(["configuration", "rpc"])),
    ])
    static let paramsSchema = Schema.object([optional("from", .instant), optional("to", .instant)])
    static let resultSchema = Schema.array(itemSchema)

    func handle(_ p: Params, context: RequestContext) async throws -> [OnCallOverrideView] {
        if let f = p.from, let t = p.to, t <= f { throw RPCError.unprocessable(field: "to", "must be after from") }
        let engine = self.engine
        guard let (rota, ids) = try await context.store.read({ db in try engine.rotaWithOverrideIDs(in: db) }) else { return [] }
        let configured = engine.settings.oncall?.overrides.count ?? 0
        return rota.overrides.indices.compactMap { i in
            let (from, to) = rota.bounds(ofOverride: i)
            if let f = p.from, to <= f { return nil }
            if let t = p.to, from >= t { return nil }
            return OnCallOverrideView(id: ids[i], practitionerId: rota.overrides[i].practitionerId, from: from, to: to,
                                      reason: rota.overrides[i].reason, source: i < configured ? "configuration" : "rpc")
        }
    }
}
