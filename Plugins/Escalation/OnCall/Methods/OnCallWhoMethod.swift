import Foundation
import JSONRPC
import Kernel
import Practice

/// `oncall.who {at?, siteId?}` → who is on call and until when, in the practice's local time.
struct OnCallWhoMethod: RPCMethod {
    let engine: EscalationEngine
    struct Params: Decodable, Sendable {
        let at: Date?
        let siteId: String?
    }
    struct Result: Encodable, Sendable {
        let practitionerId: String
        let name: String
        let mobile: String?
        let since: Date
        let until: Date
        /// `rotation` or `override`.
        let source: String
        let overrideId: String?
        let reason: String?
    }
    static let name = "oncall.who"
    static let summary = "The practitioner on call at an instant (default now), since and until when."
    static let role = Role.secretary
    static let paramsSchema = Schema.object([
        optional("at", .instant), optional("siteId", .string, "The rota is practice-wide; a site is checked but does not change the answer.")
    ])
    static let resultSchema = Schema.object([
        required("practitionerId", .string), required("name", .string), optional("mobile", .string), required("since", .instant),
        required("until", .instant), required("source", .oneOf(["rotation", "override"])), optional("overrideId", .string),
        optional("reason", .string)
    ])

    func handle(_ p: Params, context: RequestContext) async throws -> Result {
        _ = try engine.settings.directory.site(p.siteId)
        let at = p.at ?? context.now
        let engine = self.engine
        let practiceId = context.practiceId
        guard let (rota, ids) = try await context.store.read({ db in try engine.rotaWithOverrideIDs(practiceId: practiceId, in: db) }) else {
            throw RPCError.notFound("no on-call rota: the configuration has no `oncall` section")
        }
        let a = rota.answer(at: at)
        let practitioner = try engine.settings.directory.practitioner(a.practitionerId)
        return Result(
            practitionerId: a.practitionerId, name: practitioner.name, mobile: practitioner.mobile, since: a.since, until: a.until,
            source: a.overrideIndex == nil ? "rotation" : "override", overrideId: a.overrideIndex.map { ids[$0] },
            reason: a.overrideIndex.flatMap { rota.overrides[$0].reason })
    }
}
