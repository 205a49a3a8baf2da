import Foundation
import JSONRPC
import Kernel
import Practice

/// The inputs `kpi.staffing` and `kpi.dimensioning` share, checked: the volumes (given, or forecast),
/// the handling time (given, from the history's DMC, or the configured default) and the target.
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
        try await self.init(
            volumes: p.volumes, start: p.start, horizonDays: p.horizonDays, intervalMinutes: p.intervalMinutes, model: p.model,
            ahtSeconds: p.ahtSeconds, targetServiceLevel: p.targetServiceLevel, targetAnswerSeconds: p.targetAnswerSeconds,
            maxOccupancy: p.maxOccupancy, shrinkage: p.shrinkage, patienceSeconds: p.patienceSeconds,
            contractHoursPerWeek: p.contractHoursPerWeek, pooled: pooled, kpi: kpi, context: context)
    }

    init(
        volumes given: [VolumeParam]?, start: LocalDate?, horizonDays: Int?, intervalMinutes: Int?, model: String?, ahtSeconds: Double?,
        targetServiceLevel: Double?, targetAnswerSeconds: Double?, maxOccupancy: Double?, shrinkage: Double?, patienceSeconds: Double?,
        contractHoursPerWeek: Double?, pooled: Bool = false, kpi: KPIContext, context: RequestContext
    ) async throws {
        let s = kpi.settings
        if pooled, given != nil { throw RPCError.unprocessable(field: "pooled", "compares forecasts per practice: give no volumes") }
        let minutes = try kpi.interval(intervalMinutes)
        let sl = try kpi.fraction(targetServiceLevel, default: s.serviceLevelTarget, field: "targetServiceLevel")
        let answer = try kpi.seconds(targetAnswerSeconds, default: s.serviceLevelSeconds, field: "targetAnswerSeconds", positive: false, maximum: 3600)
        let occ = try kpi.fraction(maxOccupancy, default: s.maxOccupancy, field: "maxOccupancy", allowOne: true)
        guard occ >= 0.05 else { throw RPCError.invalidParams(field: "maxOccupancy", "must be at least 0.05") }
        let shrink = try kpi.fraction(shrinkage, default: s.shrinkage, field: "shrinkage", allowZero: true)
        guard shrink <= 0.95 else { throw RPCError.invalidParams(field: "shrinkage", "must be at most 0.95") }
        let contract = try kpi.seconds(contractHoursPerWeek, default: s.contractHoursPerWeek, field: "contractHoursPerWeek", positive: true, maximum: 168)
        var queue = QueueModel.erlangC
        switch model ?? "erlangC" {
        case "erlangC":
            if patienceSeconds != nil { throw RPCError.unprocessable(field: "patienceSeconds", "applies to model erlangA only") }
        case "erlangA":
            let p = try kpi.seconds(patienceSeconds, default: nil, field: "patienceSeconds", positive: true)
            guard p >= 1 else { throw RPCError.invalidParams(field: "patienceSeconds", "must be at least 1 second") }
            queue = .erlangA(patienceSeconds: p)
        default: throw RPCError.invalidParams(field: "model", "must be erlangC or erlangA")
        }
        var aht: Double
        if let ahtSeconds {
            aht = try kpi.seconds(ahtSeconds, default: nil, field: "ahtSeconds", positive: true)
            guard aht >= 1 else { throw RPCError.invalidParams(field: "ahtSeconds", "must be at least 1 second") }
            ahtSource = "given"
        } else if let h = try await kpi.historicalAHT(now: context.now, practiceIds: context.pool, store: context.store) {
            aht = max(1, h)
            ahtSource = "history"
        } else {
            aht = s.defaultAhtSeconds
            ahtSource = "configuration"
        }
        if let given {
            guard horizonDays == nil, start == nil else {
                throw RPCError.unprocessable(field: horizonDays != nil ? "horizonDays" : "start", "give either volumes or a forecast horizon, not both")
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
            let horizon = horizonDays ?? 7
            guard (1...92).contains(horizon) else { throw RPCError.invalidParams(field: "horizonDays", "must be between 1 and 92") }
            let forecaster = Forecaster(intervalMinutes: minutes)
            let first = start ?? kpi.today(context.now)
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
            intervalMinutes: minutes, averageHandleTimeSeconds: aht,
            target: ServiceTarget(serviceLevel: sl, thresholdSeconds: answer, maxOccupancy: occ),
            shrinkage: Shrinkage(shrink), model: queue)
        self.contractHoursPerWeek = contract
    }
}
