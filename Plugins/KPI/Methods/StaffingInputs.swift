import Foundation
import JSONRPC
import Kernel
import Practice

/// The inputs `kpi.staffing` and `kpi.dimensioning` share, checked: the volumes (given, or forecast),
/// the handling time (given, from the history's DMC, or the configured default), and the target and
/// queue model (`QueueInputs`, as `kpi.erlang` takes them).
struct StaffingInputs: Sendable {
    /// One interval's calls, as given: `{date: "2026-03-02", time: "09:30", calls: 42}`.
    struct VolumeParam: Decodable, Sendable {
        let date: LocalDate
        let time: LocalTime
        let calls: Double
    }

    /// The shared params, as the wire gives them (both methods decode them from the same object).
    struct Params: Decodable, Sendable {
        let volumes: [VolumeParam]?
        let start: LocalDate?
        let horizonDays: Int?
        let intervalMinutes: Int?
        let model: String?
        let ahtSeconds: Double?
        let targetServiceLevel: Double?
        let targetAnswerSeconds: Double?
        let maxOccupancy: Double?
        let shrinkage: Double?
        let patienceSeconds: Double?
        let contractHoursPerWeek: Double?
    }

    static let fields: [Schema.Field] = [
        optional(
            "volumes", .array(.object([required("date", .date), required("time", .localTime), required("calls", .number)])),
            "Calls per interval; when absent, the forecast from start for horizonDays."),
        optional("start", .date), optional("horizonDays", .integer, "1 to 92, default 7."), optional("intervalMinutes", .integer),
        optional("model", .oneOf(["erlangC", "erlangA"])), optional("ahtSeconds", .number), optional("targetServiceLevel", .number),
        optional("targetAnswerSeconds", .number), optional("maxOccupancy", .number), optional("shrinkage", .number),
        optional("patienceSeconds", .number), optional("contractHoursPerWeek", .number)
    ]

    let staffing: Staffing
    /// The volumes to staff: given, or forecast (for `pooled`, the sum of ``volumesByPractice``).
    let volumes: [Staffing.Volume]
    /// With `pooled`: each practice's own forecast, in the pool's order; nil otherwise.
    let volumesByPractice: [[Staffing.Volume]]?
    let ahtSource: String
    let contractHoursPerWeek: Double

    /// The inputs of `p`; `pooled` forecasts each practice of the pool on its own (`kpi.staffing {pooled: true}`).
    init(_ p: Params, pooled: Bool = false, kpi: KPIContext, context: RequestContext) async throws {
        let s = kpi.settings
        if pooled, p.volumes != nil { throw RPCError.unprocessable(field: "pooled", "compares forecasts per practice: give no volumes") }
        let minutes = try kpi.interval(p.intervalMinutes)
        let queue = try QueueInputs(
            targetServiceLevel: p.targetServiceLevel, targetAnswerSeconds: p.targetAnswerSeconds, maxOccupancy: p.maxOccupancy,
            shrinkage: p.shrinkage, model: p.model, patienceSeconds: p.patienceSeconds, kpi: kpi)
        let contract = try kpi.seconds(p.contractHoursPerWeek, default: s.contractHoursPerWeek, field: "contractHoursPerWeek", positive: true, maximum: 168)
        let aht: Double
        if let given = p.ahtSeconds {
            aht = try QueueInputs.handleTime(given, kpi: kpi)
            ahtSource = "given"
        } else if let h = try await kpi.historicalAHT(now: context.now, practiceIds: context.pool, store: context.store) {
            aht = max(1, h)
            ahtSource = "history"
        } else {
            aht = s.defaultAhtSeconds
            ahtSource = "configuration"
        }
        if let given = p.volumes {
            guard p.horizonDays == nil, p.start == nil else {
                throw RPCError.unprocessable(field: p.horizonDays != nil ? "horizonDays" : "start", "give either volumes or a forecast horizon, not both")
            }
            guard given.count <= 20_000 else { throw RPCError.invalidParams(field: "volumes", "at most 20000 intervals") }
            var seen = Set<IntervalKey>()
            var volumes: [Staffing.Volume] = []
            for (i, v) in given.enumerated() {
                guard v.calls.isFinite, v.calls >= 0 else { throw RPCError.invalidParams(field: "volumes[\(i)].calls", "must be a non-negative number") }
                guard v.time.minutesSinceMidnight < 1440, v.time.minutesSinceMidnight % minutes == 0 else {
                    throw RPCError.unprocessable(field: "volumes[\(i)].time", "must start a \(minutes)-minute interval")
                }
                let key = IntervalKey(date: v.date, minuteOfDay: v.time.minutesSinceMidnight)
                guard seen.insert(key).inserted else { throw RPCError.unprocessable(field: "volumes[\(i)]", "interval given twice") }
                let a = v.calls * aht / Double(minutes * 60)
                guard a <= KPIErlangMethod.maximumTraffic else {
                    throw RPCError.unprocessable(field: "volumes[\(i)].calls", "traffic above \(Int(KPIErlangMethod.maximumTraffic)) erlangs")
                }
                volumes.append(Staffing.Volume(interval: key, calls: v.calls))
            }
            self.volumes = volumes
            volumesByPractice = nil
        } else {
            let horizon = p.horizonDays ?? 7
            guard (1...92).contains(horizon) else { throw RPCError.invalidParams(field: "horizonDays", "must be between 1 and 92") }
            let forecaster = Forecaster(intervalMinutes: minutes)
            let first = p.start ?? kpi.today(context.now)
            let cap = KPIErlangMethod.maximumTraffic * Double(minutes * 60) / aht
            func forecastVolumes(_ history: ArrivalHistory) -> [Staffing.Volume] {
                forecaster.forecast(history: history.counts, holidays: history.holidays, start: first, horizonDays: horizon).intervals
                    .filter { $0.mean > 0 }.map { Staffing.Volume(interval: $0.interval, calls: min($0.mean, cap)) }
            }
            if pooled {
                let each = try await ArrivalHistory.loadEach(
                    before: nil, intervalMinutes: minutes, directory: kpi.directory, practiceIds: context.pool, store: context.store)
                let byPractice = each.map(forecastVolumes)
                var sum: [IntervalKey: Double] = [:]
                for v in byPractice.joined() { sum[v.interval, default: 0] += v.calls }
                self.volumes = sum.map { Staffing.Volume(interval: $0.key, calls: $0.value) }.sorted { $0.interval < $1.interval }
                volumesByPractice = byPractice
            } else {
                self.volumes = forecastVolumes(
                    try await ArrivalHistory.load(
                        before: nil, intervalMinutes: minutes, directory: kpi.directory, practiceIds: context.pool, store: context.store))
                volumesByPractice = nil
            }
        }
        staffing = Staffing(
            intervalMinutes: minutes, averageHandleTimeSeconds: aht, target: queue.target, shrinkage: queue.shrinkage, model: queue.model)
        self.contractHoursPerWeek = contract
    }
}
