import Foundation
import JSONRPC
import Kernel
import Practice

/// `kpi.backtest {origins?, horizonDays?, spacingDays?, intervalMinutes?}`: WAPE of the forecaster over
/// rolling origins at the end of the history, beside the weekly seasonal-naive baseline.
struct KPIBacktestMethod: RPCMethod {
    struct Params: Decodable, Sendable {
        let origins: Int?
        let horizonDays: Int?
        let spacingDays: Int?
        let intervalMinutes: Int?
    }
    struct Result: Encodable, Sendable {
        let intervalMinutes: Int
        let modelWAPE: Double
        let seasonalNaiveWAPE: Double
        /// 1 − model ÷ baseline: the share of the baseline's error the model removes.
        let improvement: Double
        let intervalCoverage: Double
        let origins: [Backtest.Origin]
    }
    let kpi: KPIContext
    static let name = "kpi.backtest"
    static let summary = "Rolling-origin backtest of kpi.forecast: WAPE beside the weekly seasonal-naive baseline."
    static let role = Role.secretary
    static var scope: MethodScope { .pool }
    static let paramsSchema = Schema.object([
        optional("origins", .integer, "1 to 52, default 8."), optional("horizonDays", .integer, "1 to 28, default 7."),
        optional("spacingDays", .integer, "1 to 28, default 7."), optional("intervalMinutes", .integer)
    ])
    static let resultSchema = Schema.object([
        required("intervalMinutes", .integer), required("modelWAPE", .number), required("seasonalNaiveWAPE", .number),
        required("improvement", .number), required("intervalCoverage", .number),
        required(
            "origins",
            .array(
                .object([
                    required("start", .date), required("actualCalls", .number), required("modelAbsoluteError", .number),
                    required("naiveAbsoluteError", .number),
                    required("covered", .integer, "Scored open intervals whose actual count lies within the prediction interval."),
                    required("openIntervals", .integer, "Scored open intervals (forecast mean > 0)."), required("scoredIntervals", .integer)
                ])))
    ])

    func handle(_ p: Params, context: RequestContext) async throws -> Result {
        let origins = p.origins ?? 8
        let horizon = p.horizonDays ?? 7
        let spacing = p.spacingDays ?? 7
        guard (1...52).contains(origins) else { throw RPCError.invalidParams(field: "origins", "must be between 1 and 52") }
        guard (1...28).contains(horizon) else { throw RPCError.invalidParams(field: "horizonDays", "must be between 1 and 28") }
        guard (1...28).contains(spacing) else { throw RPCError.invalidParams(field: "spacingDays", "must be between 1 and 28") }
        let minutes = try kpi.interval(p.intervalMinutes)
        let history = try await ArrivalHistory.load(
            before: nil, intervalMinutes: minutes, directory: kpi.directory, practiceIds: context.pool, store: context.store)
        guard let first = history.firstDay, let last = history.lastDay else {
            throw RPCError.unprocessable(field: "origins", "no call history to backtest on: import call records first")
        }
        let earliest = last.adding(days: 1 - horizon - (origins - 1) * spacing)
        guard first.days(until: earliest) >= 14 else {
            throw RPCError.unprocessable(
                field: "origins", "the history (\(first) to \(last)) is too short: the earliest origin \(earliest) needs two weeks before it")
        }
        let b = Backtest(
            history: history.counts, holidays: history.holidays, forecaster: Forecaster(intervalMinutes: minutes),
            origins: origins, horizonDays: horizon, spacingDays: spacing)
        let model = b.modelWAPE
        let naive = b.seasonalNaiveWAPE
        return Result(
            intervalMinutes: minutes, modelWAPE: model, seasonalNaiveWAPE: naive, improvement: naive > 0 ? 1 - model / naive : 0,
            intervalCoverage: b.intervalCoverage, origins: b.origins)
    }
}
