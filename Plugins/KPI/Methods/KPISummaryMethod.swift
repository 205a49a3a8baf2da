import Foundation
import JSONRPC
import Kernel

/// `kpi.summary {from, to, site?, practitioner?, motive?, channel?}`: every indicator of the period,
/// over one practice or a pool (`practiceIds`), then with each practice's call figures (`byPractice`).
struct KPISummaryMethod: RPCMethod {
    struct Params: Decodable, Sendable {
        let from: Date
        let to: Date
        /// `site`, `practitioner`, `motive`, `channel`, from the same params object.
        let filter: KPIFilter

        enum CodingKeys: String, CodingKey { case from, to }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            from = try c.decode(Date.self, forKey: .from)
            to = try c.decode(Date.self, forKey: .to)
            filter = try KPIFilter(from: decoder)
        }
    }
    let kpi: KPIContext
    static let name = "kpi.summary"
    static let summary = "Offered, answered, abandoned, QS, ASA, abandonment, DMC (by motive and channel), contact and recontact rates, channel mix."
    static let role = Role.secretary
    static var scope: MethodScope { .pool }
    static let paramsSchema = Schema.object([required("from", .instant), required("to", .instant)] + KPIFilter.paramsFields)
    static let resultSchema = Schema.object([
        required("from", .instant), required("to", .instant),
        required("serviceLevelSeconds", .number), required("shortAbandonSeconds", .number),
        required("offered", .integer), required("answered", .integer), required("abandoned", .integer),
        required("shortAbandons", .integer), required("abandonedAfterThreshold", .integer),
        required("answeredWithinThreshold", .integer), required("otherUnanswered", .integer),
        optional("serviceLevel", .number, "QS in the configured variant; absent when its denominator is 0."),
        required("serviceLevelVariant", .oneOf(ServiceLevelVariant.allCases.map(\.rawValue))),
        required("serviceLevels", .map(.nullable(.number)), "QS in every variant, by variant name (null when its denominator is 0)."),
        optional("averageSpeedOfAnswerSeconds", .number, "ASA; absent when nothing was answered."),
        optional("abandonmentRate", .number), optional("abandonmentRateExcludingShortAbandons", .number),
        required("talkTime", talkTime, "DMC (durée moyenne de conversation) of answered calls."),
        required("talkTimeByMotive", .map(talkTime)), required("talkTimeByChannel", .map(talkTime)),
        required("contacts", .integer, "Every incoming contact, on every channel."),
        optional("patientsUnderCare", .integer), optional("contactRate", .number, "contacts ÷ patients under care."),
        required("contactsWithPatient", .integer), required("recontacts", .integer),
        optional("recontactRate", .number, "recontacts ÷ contacts naming a patient."),
        required("crossChannelRecontacts", .integer), required("multiChannelPatients", .integer),
        required("channelMix", .array(.object([required("channel", .string), required("contacts", .integer), required("share", .number)]))),
        optional(
            "byPractice",
            .array(
                .object([
                    required("practiceId", .string), required("contacts", .integer), required("offered", .integer), required("answered", .integer),
                    required("abandoned", .integer), optional("serviceLevel", .number), optional("averageSpeedOfAnswerSeconds", .number),
                    optional("abandonmentRate", .number)
                ])),
            "Each practice's figures, when the call covers several (a pool); patientsUnderCare is then the pool's sum (absent unless every practice configures it)."
        )
    ])

    /// DMC and its distribution for one group of answered calls (seconds; absent when there are none).
    static let talkTime = Schema.object([
        required("calls", .integer), optional("mean", .number), optional("median", .number), optional("p90", .number)
    ])

    func handle(_ p: Params, context: RequestContext) async throws -> KPISummary {
        try kpi.checkPeriod(from: p.from, to: p.to)
        try kpi.checkFilter(p.filter, pool: context.pool)
        return KPISummary(
            dataset: try await kpi.dataset(from: p.from, to: p.to, filter: p.filter, practiceIds: context.pool, store: context.store),
            settings: KPIPoolSettings(own: kpi, context: context).settings(kpi.settings), practiceIds: context.pool)
    }
}
