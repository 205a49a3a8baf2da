import Foundation
import JSONRPC
import Kernel

/// `kpi.serviceLevel {from, to, threshold?, variant?, site?, …}`: QS with its numerator and denominator.
struct KPIServiceLevelMethod: RPCMethod {
    struct Params: Decodable, Sendable {
        let from: Date
        let to: Date
        let threshold: Double?
        let variant: ServiceLevelVariant?
        /// `site`, `practitioner`, `motive`, `channel`, from the same params object.
        let filter: KPIFilter

        enum CodingKeys: String, CodingKey { case from, to, threshold, variant }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            from = try c.decode(Date.self, forKey: .from)
            to = try c.decode(Date.self, forKey: .to)
            threshold = try c.decodeIfPresent(Double.self, forKey: .threshold)
            variant = try c.decodeIfPresent(ServiceLevelVariant.self, forKey: .variant)
            filter = try KPIFilter(from: decoder)
        }
    }
    struct Result: Encodable, Sendable {
        let threshold: Double
        let variant: ServiceLevelVariant
        let serviceLevel: Double?
        let answeredWithinThreshold: Int
        let denominator: Int
        let offered: Int
        let answered: Int
        let abandoned: Int
        let shortAbandons: Int
        let target: Double
        let meetsTarget: Bool?
    }
    let kpi: KPIContext
    static let name = "kpi.serviceLevel"
    static let summary = "QS (share answered within the threshold) in the variant named, with its counts."
    static let role = Role.secretary
    static var scope: MethodScope { .pool }
    static let paramsSchema = Schema.object(
        [
            required("from", .instant), required("to", .instant),
            optional("threshold", .number, "Seconds (default kpi.serviceLevelSeconds)."),
            optional("variant", .oneOf(ServiceLevelVariant.allCases.map(\.rawValue)))
        ] + KPIFilter.paramsFields)
    static let resultSchema = Schema.object([
        required("threshold", .number), required("variant", .string), optional("serviceLevel", .number, "Absent when the denominator is 0."),
        required("answeredWithinThreshold", .integer), required("denominator", .integer), required("offered", .integer),
        required("answered", .integer), required("abandoned", .integer), required("shortAbandons", .integer),
        required("target", .number), optional("meetsTarget", .boolean)
    ])

    func handle(_ p: Params, context: RequestContext) async throws -> Result {
        try kpi.checkPeriod(from: p.from, to: p.to)
        let t = try kpi.seconds(p.threshold, default: kpi.settings.serviceLevelSeconds, field: "threshold", positive: false, maximum: 3600)
        try kpi.checkFilter(p.filter, pool: context.pool)
        let d = try await kpi.dataset(from: p.from, to: p.to, filter: p.filter, practiceIds: context.pool, store: context.store)
        let ind = CallIndicators(records: d.calls, serviceLevelSeconds: t, shortAbandonSeconds: kpi.settings.shortAbandonSeconds)
        let variant = p.variant ?? kpi.settings.serviceLevelVariant
        let denominator =
            switch variant {
            case .answeredWithinOverAnswered: ind.answered
            case .answeredWithinOverOffered: ind.offered
            case .answeredWithinOverAnsweredPlusAbandonedAfter: ind.answered + ind.abandonedAfterThreshold
            case .answeredWithinOverOfferedExcludingShortAbandons: ind.offered - ind.shortAbandons
            }
        let sl = ind.serviceLevel(variant)
        return Result(
            threshold: t, variant: variant, serviceLevel: sl, answeredWithinThreshold: ind.answeredWithinThreshold,
            denominator: denominator, offered: ind.offered, answered: ind.answered, abandoned: ind.abandoned,
            shortAbandons: ind.shortAbandons, target: kpi.settings.serviceLevelTarget,
            meetsTarget: sl.map { $0 >= kpi.settings.serviceLevelTarget })
    }
}
