import Foundation
import JSONRPC
import Kernel

/// `oncall.overrides {from?, to?, limit?, cursor?}`: the overrides (configured, then entered over
/// RPC) overlapping a period, in the order they apply, a page at a time.
struct OnCallOverridesMethod: RPCMethod {
    let engine: EscalationEngine
    typealias Params = PagedParams<Filters>
    struct Filters: Decodable, Sendable {
        let from: Date?
        let to: Date?
    }
    static let name = "oncall.overrides"
    static let summary = "Lists on-call overrides overlapping [from, to) (default: all), in the order they apply (later wins)."
    static let role = Role.secretary
    static let itemSchema = Schema.object([
        required("id", .string), required("practitionerId", .string), required("from", .instant), required("to", .instant),
        optional("reason", .string), required("source", .oneOf(["configuration", "rpc"]))
    ])
    static let paramsSchema = Schema.object([optional("from", .instant), optional("to", .instant)] + PageCursor.paramsFields(standard: 200))
    static let resultSchema = Page<OnCallOverrideView>.schema(itemSchema)

    func handle(_ p: Params, context: RequestContext) async throws -> Page<OnCallOverrideView> {
        if let f = p.from, let t = p.to, t <= f { throw RPCError.unprocessable(field: "to", "must be after from") }
        let limit = try p.pageSize(standard: 200)
        // The key: the last override's place in the order they apply, and its id.
        let after = try p.after([.int, .text])
        let engine = self.engine
        let practiceId = context.practiceId
        guard let (rota, ids) = try await context.store.read({ db in try engine.rotaWithOverrideIDs(practiceId: practiceId, in: db) }) else {
            return Page(items: [], nextCursor: nil)
        }
        let configured = engine.settings.oncall?.overrides.count ?? 0
        var start = 0
        if let after, let place = after[0].int.map(Int.init) {
            // The override is found by its id; when it was removed, the list goes on from its place.
            start = ids.firstIndex(of: after[1].text ?? "").map { $0 + 1 } ?? max(0, min(place, ids.count))
        }
        let rows: [(key: [PageKey], item: OnCallOverrideView)] = rota.overrides.indices.dropFirst(start).lazy.compactMap { i in
            let (from, to) = rota.bounds(ofOverride: i)
            if let f = p.from, to <= f { return nil }
            if let t = p.to, from >= t { return nil }
            return (
                key: [PageKey(i), PageKey(ids[i])],
                item: OnCallOverrideView(
                    id: ids[i], practitionerId: rota.overrides[i].practitionerId, from: from, to: to,
                    reason: rota.overrides[i].reason, source: i < configured ? "configuration" : "rpc")
            )
        }.prefix(limit + 1).map { $0 }
        return Page(keyed: rows, limit: limit)
    }
}
