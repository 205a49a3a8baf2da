import Foundation
import GRDB
import Kernel
import Practice

/// `kpi.staffing {volumes? | start?, horizonDays?, …}`: agents per interval (raw and with shrinkage),
/// agent-hours and ETP (équivalents temps plein) for given volumes or the forecast.
struct KPIStaffingMethod: RPCMethod {
    typealias Params = StaffingInputs.Params
    struct Row: Encodable, Sendable {
        let date: LocalDate
        let time: String
        let start: Date
        let calls: Double
        let trafficErlangs: Double
        let agents: Int
        let agentsWithShrinkage: Int
        let serviceLevel: Double
        let occupancy: Double
    }
    struct Result: Encodable, Sendable {
        let intervalMinutes: Int
        let ahtSeconds: Double
        let ahtSource: String
        let shrinkage: Double
        let contractHoursPerWeek: Double
        let periodDays: Int
        let rawAgentHours: Double
        let scheduledAgentHours: Double
        let fullTimeEquivalents: Double
        let intervals: [Row]
    }
    let kpi: KPIContext
    static let name = "kpi.staffing"
    static let summary = "Agents per interval (raw and with shrinkage), agent-hours and ETP, for given volumes or the forecast."
    static let role = Role.secretary
    static let paramsSchema = Schema.object(StaffingInputs.fields)
    static let resultSchema = Schema.object([
        required("intervalMinutes", .integer), required("ahtSeconds", .number),
        required("ahtSource", .oneOf(["given", "history", "configuration"]), "Where the average handle time comes from."),
        required("shrinkage", .number), required("contractHoursPerWeek", .number), required("periodDays", .integer),
        required("rawAgentHours", .number), required("scheduledAgentHours", .number),
        required("fullTimeEquivalents", .number, "ETP (équivalents temps plein) for the period."),
        required(
            "intervals",
            .array(
                .object([
                    required("date", .date), required("time", .localTime), required("start", .instant), required("calls", .number),
                    required("trafficErlangs", .number), required("agents", .integer), required("agentsWithShrinkage", .integer),
                    required("serviceLevel", .number), required("occupancy", .number)
                ])))
    ])

    func handle(_ p: Params, context: RequestContext) async throws -> Result {
        let inputs = try await StaffingInputs(p, kpi: kpi, context: context)
        let plan = inputs.staffing.plan(inputs.volumes)
        return Result(
            intervalMinutes: plan.intervalMinutes, ahtSeconds: inputs.staffing.averageHandleTimeSeconds, ahtSource: inputs.ahtSource,
            shrinkage: inputs.staffing.shrinkage.fraction, contractHoursPerWeek: inputs.contractHoursPerWeek, periodDays: plan.periodDays,
            rawAgentHours: plan.rawAgentHours, scheduledAgentHours: plan.scheduledAgentHours,
            fullTimeEquivalents: plan.fullTimeEquivalents(contractHoursPerWeek: inputs.contractHoursPerWeek),
            intervals: plan.requirements.map {
                Row(
                    date: $0.interval.date, time: kpi.time($0.interval), start: kpi.instant($0.interval), calls: $0.calls,
                    trafficErlangs: $0.trafficErlangs, agents: $0.rawAgents, agentsWithShrinkage: $0.scheduledAgents,
                    serviceLevel: $0.serviceLevel, occupancy: $0.occupancy)
            })
    }
}
