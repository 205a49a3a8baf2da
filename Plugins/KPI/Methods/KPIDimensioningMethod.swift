import Foundation
import GRDB
import JSONRPC
import Kernel
import Practice

/// `kpi.dimensioning {scheduled?, …staffing inputs}`: required (with shrinkage) against scheduled agents
/// per interval, flagging under- and over-staffing (dimensionnement).
struct KPIDimensioningMethod: RPCMethod {
    struct ScheduledParam: Decodable, Sendable {
        let date: LocalDate
        let time: LocalTime
        let agents: Int
    }
    struct Params: Decodable, Sendable {
        let scheduled: [ScheduledParam]?
        let overstaffTolerance: Int?
        /// The staffing inputs, from the same params object.
        let staffing: StaffingInputs.Params

        enum CodingKeys: String, CodingKey { case scheduled, overstaffTolerance }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            scheduled = try c.decodeIfPresent([ScheduledParam].self, forKey: .scheduled)
            overstaffTolerance = try c.decodeIfPresent(Int.self, forKey: .overstaffTolerance)
            staffing = try StaffingInputs.Params(from: decoder)
        }
    }
    /// One interval's comparison (an `IntervalRow`).
    struct Figures: Encodable, Sendable {
        let required, scheduled, gap: Int
        let status: Dimensioning.Status
    }
    struct Result: Encodable, Sendable {
        let intervalMinutes, overstaffTolerance: Int
        let scheduledSource: String
        let understaffedIntervals, overstaffedIntervals, coveredIntervals: Int
        let missingAgentHours, surplusAgentHours: Double
        let rows: [IntervalRow<Figures>]
    }
    let kpi: KPIContext
    static let name = "kpi.dimensioning"
    static let summary = "Required against scheduled agents per interval: under- and over-staffed intervals, missing and surplus hours."
    static let role = Role.secretary
    static var scope: MethodScope { .pool }
    static let paramsSchema = Schema.object(
        [
            optional(
                "scheduled", .array(.object([required("date", .date), required("time", .localTime), required("agents", .integer)])),
                "Agents scheduled per interval (default: kpi.scheduledAgents of the configuration; for a pool, every practice's summed)."),
            optional("overstaffTolerance", .integer, "Agents above the requirement still counted as covered (default 0).")
        ] + StaffingInputs.fields)
    static let resultSchema = Schema.object([
        required("intervalMinutes", .integer), required("overstaffTolerance", .integer),
        required("scheduledSource", .oneOf(["given", "configuration"])),
        required("understaffedIntervals", .integer), required("overstaffedIntervals", .integer), required("coveredIntervals", .integer),
        required("missingAgentHours", .number), required("surplusAgentHours", .number),
        required(
            "rows",
            .array(
                IntervalRow<Figures>.schema([
                    required("required", .integer, "Agents required, with shrinkage."), required("scheduled", .integer), required("gap", .integer),
                    required("status", .oneOf(["understaffed", "covered", "overstaffed"]))
                ])))
    ])

    func handle(_ p: Params, context: RequestContext) async throws -> Result {
        let tolerance = p.overstaffTolerance ?? 0
        guard (0...1000).contains(tolerance) else { throw RPCError.invalidParams(field: "overstaffTolerance", "must be between 0 and 1000") }
        let inputs = try await StaffingInputs(p.staffing, kpi: kpi, context: context)
        let minutes = inputs.staffing.intervalMinutes
        let plan = inputs.staffing.plan(inputs.volumes)
        var scheduled: [IntervalKey: Int] = [:]
        let source: String
        if let given = p.scheduled {
            source = "given"
            for (i, s) in given.enumerated() {
                guard (0...100_000).contains(s.agents) else { throw RPCError.invalidParams(field: "scheduled[\(i)].agents", "must be between 0 and 100000") }
                guard s.time.minutesSinceMidnight < 1440, s.time.minutesSinceMidnight % minutes == 0 else {
                    throw RPCError.unprocessable(field: "scheduled[\(i)].time", "must start a \(minutes)-minute interval")
                }
                let key = IntervalKey(date: s.date, minuteOfDay: s.time.minutesSinceMidnight)
                guard scheduled[key] == nil else { throw RPCError.unprocessable(field: "scheduled[\(i)]", "interval given twice") }
                scheduled[key] = s.agents
            }
        } else {
            source = "configuration"
            let settings = KPIPoolSettings(own: kpi, context: context).settings(kpi.settings)
            let days = Set(plan.requirements.map(\.interval.date))
            for d in days {
                for m in stride(from: 0, to: 1440, by: minutes) {
                    let n = settings.scheduled(on: d.weekday, minuteOfDay: m)
                    if n > 0 { scheduled[IntervalKey(date: d, minuteOfDay: m)] = n }
                }
            }
        }
        let dim = Dimensioning(plan: plan, scheduled: scheduled, overstaffTolerance: tolerance)
        return Result(
            intervalMinutes: minutes, overstaffTolerance: tolerance, scheduledSource: source,
            understaffedIntervals: dim.understaffed.count, overstaffedIntervals: dim.overstaffed.count,
            coveredIntervals: dim.rows.count - dim.understaffed.count - dim.overstaffed.count,
            missingAgentHours: dim.missingAgentHours, surplusAgentHours: dim.surplusAgentHours,
            rows: dim.rows.map {
                IntervalRow($0.interval, Figures(required: $0.required, scheduled: $0.scheduled, gap: $0.gap, status: $0.status), kpi: kpi)
            })
    }
}
