import Foundation
import Kernel

/// `kpi.summary {from, to, site?, practitioner?, motive?, channel?}`: every indicator of the period.
struct KPISummaryMethod: RPCMethod {
    struct Params: Decodable, Sendable {
        let from: Date
        let to: Date
        let site: String?
        let practitioner: String?
        let motive: String?
        let channel: String?
    }
    let kpi: KPIContext
    static let name = "kpi.summary"
    static let summary = "Offered, answered, abandoned, QS, ASA, abandonment, DMC (by motive and channel), contact and recontact rates, channel mix."
    static let role = Role.secretary
    static let paramsSchema = Schema.object([
        required("from", .instant), required("to", .instant), optional("site", .string), optional("practitioner", .string),
        optional("motive", .string), optional("channel", .string),
    ])
    static let resultSchema = Schema.object([], additionalProperties: true)

    func handle(_ p: Params, context: RequestContext) async throws -> KPISummary {
        try kpi.checkPeriod(from: p.from, to: p.to)
        let filter = KPIFilter(site: p.site, practitioner: p.practitioner, motive: p.motive, channel: p.channel)
        try kpi.checkFilter(filter)
        return KPISummary(dataset: try await kpi.dataset(from: p.from, to: p.to, filter: filter, store: context.store), settings: kpi.settings)
    }
}
