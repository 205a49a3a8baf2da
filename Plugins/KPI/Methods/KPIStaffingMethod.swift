import Foundation
import GRDB
import JSONRPC
import Kernel
import Practice

/// `kpi.staffing {volumes? | start?, horizonDays?, pooled?, …}`: agents per interval (raw and with
/// shrinkage), agent-hours and ETP (équivalents temps plein) for given volumes or the forecast, over
/// one practice or a pool; with `pooled`, the pooled queue beside one queue per practice (``PoolingGain``).
struct KPIStaffingMethod: RPCMethod {
    struct Params: Decodable, Sendable {
        let pooled: Bool?
        /// The staffing inputs, from the same params object.
        let staffing: StaffingInputs.Params

        enum CodingKeys: String, CodingKey { case pooled }

        init(from decoder: any Decoder) throws {
            pooled = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(Bool.self, forKey: .pooled)
            staffing = try StaffingInputs.Params(from: decoder)
        }
    }
    /// One interval's requirement (an `IntervalRow`).
    struct Figures: Encodable, Sendable {
        let calls, trafficErlangs: Double
        let agents, agentsWithShrinkage: Int
        let serviceLevel, occupancy: Double
    }
    struct Result: Encodable, Sendable {
        let intervalMinutes: Int
        let ahtSeconds: Double
        let ahtSource: String
        let shrinkage, contractHoursPerWeek: Double
        let periodDays: Int
        let rawAgentHours, scheduledAgentHours, fullTimeEquivalents: Double
        let intervals: [IntervalRow<Figures>]
        let pooling: Pooling?
    }
    /// One interval of the pooling comparison (an `IntervalRow`).
    struct PoolingFigures: Encodable, Sendable {
        let calls: Double
        let agents, separateAgents, gain, agentsWithShrinkage, separateAgentsWithShrinkage, gainWithShrinkage: Int
    }
    /// The pooled queue beside one queue per practice (`pooled: true`).
    struct Pooling: Encodable, Sendable {
        let practiceIds: [String]
        let rawAgentHours, separateRawAgentHours, scheduledAgentHours, separateScheduledAgentHours, fullTimeEquivalents, separateFullTimeEquivalents,
            gainFullTimeEquivalents: Double
        let intervals: [IntervalRow<PoolingFigures>]
    }
    let kpi: KPIContext
    static let name = "kpi.staffing"
    static let summary = "Agents per interval (raw and with shrinkage), agent-hours and ETP, for given volumes or the forecast."
    static let role = Role.secretary
    static var scope: MethodScope { .pool }
    static let paramsSchema = Schema.object(
        StaffingInputs.fields + [
            optional(
                "pooled", .boolean,
                "With the forecast: also staff one queue per practice of the pool (each on its own forecast) beside the pooled queue (their sum).")
        ])
    static let resultSchema = Schema.object([
        required("intervalMinutes", .integer), required("ahtSeconds", .number),
        required("ahtSource", .oneOf(["given", "history", "configuration"]), "Where the average handle time comes from."),
        required("shrinkage", .number), required("contractHoursPerWeek", .number), required("periodDays", .integer),
        required("rawAgentHours", .number), required("scheduledAgentHours", .number),
        required("fullTimeEquivalents", .number, "ETP (équivalents temps plein) for the period."),
        required(
            "intervals",
            .array(
                IntervalRow<Figures>.schema([
                    required("calls", .number), required("trafficErlangs", .number), required("agents", .integer),
                    required("agentsWithShrinkage", .integer), required("serviceLevel", .number), required("occupancy", .number)
                ]))),
        optional(
            "pooling",
            .object([
                required("practiceIds", .array(.string)), required("rawAgentHours", .number), required("separateRawAgentHours", .number),
                required("scheduledAgentHours", .number), required("separateScheduledAgentHours", .number),
                required("fullTimeEquivalents", .number, "ETP of the pooled queue."),
                required("separateFullTimeEquivalents", .number, "ETP of one queue per practice, summed."),
                required("gainFullTimeEquivalents", .number, "separateFullTimeEquivalents − fullTimeEquivalents: the pooling gain."),
                required(
                    "intervals",
                    .array(
                        IntervalRow<PoolingFigures>.schema([
                            required("calls", .number), required("agents", .integer, "The pooled queue's agents."),
                            required("separateAgents", .integer, "Σ of each practice's agents on its own queue."),
                            required("gain", .integer, "separateAgents − agents."), required("agentsWithShrinkage", .integer),
                            required("separateAgentsWithShrinkage", .integer), required("gainWithShrinkage", .integer)
                        ])))
            ]), "With pooled: the pooled queue (the intervals above) beside one queue per practice.")
    ])

    func handle(_ p: Params, context: RequestContext) async throws -> Result {
        let pooled = p.pooled ?? false
        let inputs = try await StaffingInputs(p.staffing, pooled: pooled, kpi: kpi, context: context)
        let contract = inputs.contractHoursPerWeek
        let gain = inputs.volumesByPractice.map { PoolingGain(staffing: inputs.staffing, volumesByPractice: $0) }
        let plan = gain?.pooled ?? inputs.staffing.plan(inputs.volumes)
        let pooling = gain.map { g in
            let etp = plan.fullTimeEquivalents(contractHoursPerWeek: contract)
            let separate = g.separateFullTimeEquivalents(contractHoursPerWeek: contract)
            return Pooling(
                practiceIds: context.pool, rawAgentHours: plan.rawAgentHours, separateRawAgentHours: g.separateRawAgentHours,
                scheduledAgentHours: plan.scheduledAgentHours, separateScheduledAgentHours: g.separateScheduledAgentHours,
                fullTimeEquivalents: etp, separateFullTimeEquivalents: separate, gainFullTimeEquivalents: separate - etp,
                intervals: g.intervals.map {
                    IntervalRow(
                        $0.interval,
                        PoolingFigures(
                            calls: $0.calls, agents: $0.agents, separateAgents: $0.separateAgents, gain: $0.gain,
                            agentsWithShrinkage: $0.agentsWithShrinkage, separateAgentsWithShrinkage: $0.separateAgentsWithShrinkage,
                            gainWithShrinkage: $0.gainWithShrinkage), kpi: kpi)
                })
        }
        return Result(
            intervalMinutes: plan.intervalMinutes, ahtSeconds: inputs.staffing.averageHandleTimeSeconds, ahtSource: inputs.ahtSource,
            shrinkage: inputs.staffing.shrinkage.fraction, contractHoursPerWeek: contract, periodDays: plan.periodDays,
            rawAgentHours: plan.rawAgentHours, scheduledAgentHours: plan.scheduledAgentHours,
            fullTimeEquivalents: plan.fullTimeEquivalents(contractHoursPerWeek: contract),
            intervals: plan.requirements.map {
                IntervalRow(
                    $0.interval,
                    Figures(
                        calls: $0.calls, trafficErlangs: $0.trafficErlangs, agents: $0.rawAgents, agentsWithShrinkage: $0.scheduledAgents,
                        serviceLevel: $0.serviceLevel, occupancy: $0.occupancy), kpi: kpi)
            }, pooling: pooling)
    }
}
