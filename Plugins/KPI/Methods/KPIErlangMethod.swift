import Foundation
import JSONRPC
import Kernel

/// `kpi.erlang {model, calls, intervalMinutes, ahtSeconds, targetServiceLevel, targetAnswerSeconds,
/// maxOccupancy?, shrinkage?, patienceSeconds?}`: the smallest staffing meeting the target for one interval.
struct KPIErlangMethod: RPCMethod {
    enum Model: String, Decodable, Sendable, CaseIterable { case erlangC, erlangA }
    struct Params: Decodable, Sendable {
        let model: Model?
        let calls: Double
        let intervalMinutes: Int
        let ahtSeconds: Double
        let targetServiceLevel: Double
        let targetAnswerSeconds: Double
        let maxOccupancy: Double?
        let shrinkage: Double?
        let patienceSeconds: Double?
    }
    struct Result: Encodable, Sendable {
        let model: String
        let trafficErlangs: Double
        let agents: Int
        let agentsWithShrinkage: Int
        let serviceLevel: Double
        let occupancy: Double
        let probabilityOfWaiting: Double
        /// Mean wait; Erlang C: over all callers; Erlang A: over answered callers. Nil when the queue is unstable.
        let averageSpeedOfAnswerSeconds: Double?
        let abandonmentProbability: Double?
        let averageWaitSeconds: Double?
        let shrinkage: Double
        let maxOccupancy: Double
    }
    let kpi: KPIContext
    static let name = "kpi.erlang"
    static let summary = "Erlang C or Erlang A staffing for one interval: agents raw and with shrinkage, SL, occupancy, P(wait), ASA."
    static let role = Role.integration
    static let paramsSchema = Schema.object([
        required("calls", .number, "Calls offered in the interval."), required("intervalMinutes", .integer),
        required("ahtSeconds", .number), required("targetServiceLevel", .number, "Share answered within targetAnswerSeconds, e.g. 0.8."),
        required("targetAnswerSeconds", .number), optional("model", .oneOf(Model.allCases.map(\.rawValue)), "Default erlangC."),
        optional("maxOccupancy", .number), optional("shrinkage", .number),
        optional("patienceSeconds", .number, "Mean patience before abandoning (Erlang A, required there).")
    ])
    static let resultSchema = Schema.object([
        required("model", .string), required("trafficErlangs", .number), required("agents", .integer),
        required("agentsWithShrinkage", .integer), required("serviceLevel", .number), required("occupancy", .number),
        required("probabilityOfWaiting", .number), optional("averageSpeedOfAnswerSeconds", .number, "Absent when the queue is unstable."),
        optional("abandonmentProbability", .number, "Erlang A only."), optional("averageWaitSeconds", .number),
        required("shrinkage", .number), required("maxOccupancy", .number)
    ])

    /// Largest traffic accepted (erlangs): far beyond any answering service, and still fast.
    static let maximumTraffic = 20_000.0

    func handle(_ p: Params, context: RequestContext) async throws -> Result {
        guard p.calls.isFinite, p.calls >= 0 else { throw RPCError.invalidParams(field: "calls", "must be a non-negative number") }
        guard (1...1440).contains(p.intervalMinutes) else { throw RPCError.invalidParams(field: "intervalMinutes", "must be between 1 and 1440") }
        let aht = try QueueInputs.handleTime(p.ahtSeconds, kpi: kpi)
        let queue = try QueueInputs(
            targetServiceLevel: p.targetServiceLevel, targetAnswerSeconds: p.targetAnswerSeconds, maxOccupancy: p.maxOccupancy,
            shrinkage: p.shrinkage, model: p.model?.rawValue, patienceSeconds: p.patienceSeconds, kpi: kpi)
        let model = p.model ?? .erlangC
        let a = ErlangC.traffic(calls: p.calls, intervalSeconds: Double(p.intervalMinutes * 60), averageHandleTimeSeconds: aht)
        guard a <= Self.maximumTraffic else {
            throw RPCError.unprocessable(field: "calls", "the traffic (\(Int(a)) erlangs) exceeds \(Int(Self.maximumTraffic)) erlangs")
        }
        let target = queue.target
        let shrinkage = queue.shrinkage
        let answer = target.thresholdSeconds
        let occ = target.maxOccupancy
        if case .erlangA(let patience) = queue.model {
            let n = ErlangA.requiredAgents(trafficErlangs: a, averageHandleTimeSeconds: aht, patienceSeconds: patience, target: target)
            if n == 0 {
                return Result(
                    model: model.rawValue, trafficErlangs: a, agents: 0, agentsWithShrinkage: 0, serviceLevel: 1, occupancy: 0,
                    probabilityOfWaiting: 0, averageSpeedOfAnswerSeconds: 0, abandonmentProbability: 0, averageWaitSeconds: 0,
                    shrinkage: shrinkage.fraction, maxOccupancy: occ)
            }
            let e = ErlangA(agents: n, trafficErlangs: a, averageHandleTimeSeconds: aht, patienceSeconds: patience)
            return Result(
                model: model.rawValue, trafficErlangs: a, agents: n, agentsWithShrinkage: shrinkage.scheduledAgents(forAvailable: n),
                serviceLevel: e.serviceLevel(withinSeconds: answer), occupancy: e.occupancy, probabilityOfWaiting: e.probabilityOfWaiting,
                averageSpeedOfAnswerSeconds: finite(e.averageSpeedOfAnswerSeconds), abandonmentProbability: e.probabilityOfAbandonment,
                averageWaitSeconds: finite(e.averageWaitSeconds), shrinkage: shrinkage.fraction, maxOccupancy: occ)
        }
        let n = ErlangC.requiredAgents(trafficErlangs: a, averageHandleTimeSeconds: aht, target: target)
        let e = ErlangC(agents: n, trafficErlangs: a, averageHandleTimeSeconds: aht)
        return Result(
            model: model.rawValue, trafficErlangs: a, agents: n, agentsWithShrinkage: shrinkage.scheduledAgents(forAvailable: n),
            serviceLevel: e.serviceLevel(withinSeconds: answer), occupancy: e.occupancy, probabilityOfWaiting: e.probabilityOfWaiting,
            averageSpeedOfAnswerSeconds: finite(e.averageSpeedOfAnswerSeconds), abandonmentProbability: nil,
            averageWaitSeconds: finite(e.averageSpeedOfAnswerSeconds), shrinkage: shrinkage.fraction, maxOccupancy: occ)
    }

    private func finite(_ x: Double) -> Double? { x.isFinite ? x : nil }
}
