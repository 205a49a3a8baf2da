import Foundation
import GRDB
import JSONRPC
import Kernel
import Practice

/// `kpi.forecast {horizonDays, intervalMinutes?, start?}`: expected arrivals per interval with prediction intervals.
struct KPIForecastMethod: RPCMethod {
    struct Params: Decodable, Sendable {
        let horizonDays: Int
        let intervalMinutes: Int?
        let start: LocalDate?
        let coverage: Double?
    }
    /// One interval's forecast (an `IntervalRow`): the expected calls and the prediction interval.
    struct Figures: Encodable, Sendable {
        let expected: Double
        let lower, upper: Int
    }
    struct Result: Encodable, Sendable {
        let start: LocalDate
        let horizonDays, intervalMinutes: Int
        let coverage: Double
        let historyDays: Int
        let trendPerDay, overdispersion, holidayFactor, expectedTotal: Double
        let intervals: [IntervalRow<Figures>]
    }
    let kpi: KPIContext
    static let name = "kpi.forecast"
    static let summary = "Forecast of incoming calls per interval (weekday × time-of-day, trend, holidays), with prediction intervals."
    static let role = Role.secretary
    static var scope: MethodScope { .pool }
    static let paramsSchema = Schema.object([
        required("horizonDays", .integer, "1 to 366."), optional("intervalMinutes", .integer),
        optional("start", .date, "First forecast day (default: today)."),
        optional("coverage", .number, "Prediction interval coverage, default 0.8.")
    ])
    static let resultSchema = Schema.object([
        required("start", .date), required("horizonDays", .integer), required("intervalMinutes", .integer),
        required("coverage", .number), required("historyDays", .integer), required("trendPerDay", .number),
        required("overdispersion", .number), required("holidayFactor", .number), required("expectedTotal", .number),
        required(
            "intervals",
            .array(IntervalRow<Figures>.schema([required("expected", .number), required("lower", .integer), required("upper", .integer)])))
    ])

    func handle(_ p: Params, context: RequestContext) async throws -> Result {
        guard (1...366).contains(p.horizonDays) else { throw RPCError.invalidParams(field: "horizonDays", "must be between 1 and 366") }
        let minutes = try kpi.interval(p.intervalMinutes)
        let coverage = try kpi.fraction(p.coverage, default: 0.8, field: "coverage")
        let start = p.start ?? kpi.today(context.now)
        let history = try await ArrivalHistory.load(
            before: nil, intervalMinutes: minutes, directory: kpi.directory, practiceIds: context.pool, store: context.store)
        let f = Forecaster(intervalMinutes: minutes, coverage: coverage)
            .forecast(history: history.counts, holidays: history.holidays, start: start, horizonDays: p.horizonDays)
        let rows = f.intervals.filter { $0.mean > 0 }.map {
            IntervalRow($0.interval, Figures(expected: $0.mean, lower: $0.lower, upper: $0.upper), kpi: kpi)
        }
        let historyDays = Set(history.counts.filter { $0.interval.date < start }.map(\.interval.date)).count
        return Result(
            start: start, horizonDays: p.horizonDays, intervalMinutes: minutes, coverage: coverage, historyDays: historyDays,
            trendPerDay: f.trendPerDay, overdispersion: f.overdispersion, holidayFactor: f.holidayFactor,
            expectedTotal: rows.reduce(0) { $0 + $1.figures.expected }, intervals: rows)
    }
}
