import Foundation
import JSONRPC
import Kernel
import Practice

/// `kpi.series {metric, groupBy, from, to, site?, practitioner?, motive?, channel?}`: one indicator over time.
struct KPISeriesMethod: RPCMethod {
    struct Params: Decodable, Sendable {
        let metric: KPISeries.Metric
        let groupBy: KPISeries.GroupBy
        let from: Date
        let to: Date
        /// `site`, `practitioner`, `motive`, `channel`, from the same params object.
        let filter: KPIFilter
        let intervalMinutes: Int?
        let threshold: Double?
        let variant: ServiceLevelVariant?

        enum CodingKeys: String, CodingKey { case metric, groupBy, from, to, intervalMinutes, threshold, variant }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            metric = try c.decode(KPISeries.Metric.self, forKey: .metric)
            groupBy = try c.decode(KPISeries.GroupBy.self, forKey: .groupBy)
            from = try c.decode(Date.self, forKey: .from)
            to = try c.decode(Date.self, forKey: .to)
            filter = try KPIFilter(from: decoder)
            intervalMinutes = try c.decodeIfPresent(Int.self, forKey: .intervalMinutes)
            threshold = try c.decodeIfPresent(Double.self, forKey: .threshold)
            variant = try c.decodeIfPresent(ServiceLevelVariant.self, forKey: .variant)
        }
    }
    let kpi: KPIContext
    static let name = "kpi.series"
    static let summary = "One indicator per local interval, day, ISO week or month, with optional filters."
    static let role = Role.secretary
    static var scope: MethodScope { .pool }
    static let paramsSchema = Schema.object(
        [
            required("metric", .oneOf(KPISeries.Metric.allCases.map(\.rawValue))),
            required("groupBy", .oneOf(KPISeries.GroupBy.allCases.map(\.rawValue))),
            required("from", .instant), required("to", .instant)
        ] + KPIFilter.paramsFields + [
            optional("intervalMinutes", .integer), optional("threshold", .number),
            optional("variant", .oneOf(ServiceLevelVariant.allCases.map(\.rawValue)))
        ])
    static let resultSchema = Schema.object([
        required("metric", .string), required("groupBy", .string),
        required(
            "points",
            .array(
                .object([
                    required("key", .string), required("start", .instant),
                    required("value", .nullable(.number)), required("contacts", .integer)
                ])))
    ])

    func handle(_ p: Params, context: RequestContext) async throws -> KPISeries {
        try kpi.checkPeriod(from: p.from, to: p.to, maximumDays: p.groupBy == .interval ? 92 : KPIContext.maximumPeriodDays)
        let minutes = try kpi.interval(p.intervalMinutes)
        let t = try kpi.seconds(p.threshold, default: kpi.settings.serviceLevelSeconds, field: "threshold", positive: false, maximum: 3600)
        try kpi.checkFilter(p.filter, pool: context.pool)
        let d = try await kpi.dataset(from: p.from, to: p.to, filter: p.filter, practiceIds: context.pool, store: context.store)
        let settings = KPIPoolSettings(own: kpi, context: context).settings(kpi.settings)
        return KPISeries(
            dataset: d, metric: p.metric, groupBy: p.groupBy, settings: settings, intervalMinutes: minutes,
            serviceLevelSeconds: t, variant: p.variant, zone: kpi.directory.timeZone)
    }
}
