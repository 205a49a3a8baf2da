import JSONRPC

/// The service target and the queue model a staffing figure is computed for, checked: what
/// `kpi.erlang`, `kpi.staffing` and `kpi.dimensioning` take alike (`targetServiceLevel`,
/// `targetAnswerSeconds`, `maxOccupancy`, `shrinkage`, `model`, `patienceSeconds`). A param left
/// out takes the practice's `kpi` setting; one out of bounds is -32602 naming it, and a
/// `patienceSeconds` given for Erlang C is -32022.
struct QueueInputs: Sendable {
    let target: ServiceTarget
    let shrinkage: Shrinkage
    let model: QueueModel

    /// `model` is `erlangC` (the default) or `erlangA`, which requires `patienceSeconds`.
    init(
        targetServiceLevel: Double?, targetAnswerSeconds: Double?, maxOccupancy: Double?, shrinkage: Double?, model: String?,
        patienceSeconds: Double?, kpi: KPIContext
    ) throws {
        let s = kpi.settings
        let sl = try kpi.fraction(targetServiceLevel, default: s.serviceLevelTarget, field: "targetServiceLevel")
        let answer = try kpi.seconds(targetAnswerSeconds, default: s.serviceLevelSeconds, field: "targetAnswerSeconds", positive: false, maximum: 3600)
        let occ = try kpi.fraction(maxOccupancy, default: s.maxOccupancy, field: "maxOccupancy", allowOne: true)
        guard occ >= 0.05 else { throw RPCError.invalidParams(field: "maxOccupancy", "must be at least 0.05") }
        let shrink = try kpi.fraction(shrinkage, default: s.shrinkage, field: "shrinkage", allowZero: true)
        guard shrink <= 0.95 else { throw RPCError.invalidParams(field: "shrinkage", "must be at most 0.95") }
        switch model ?? "erlangC" {
        case "erlangC":
            if patienceSeconds != nil { throw RPCError.unprocessable(field: "patienceSeconds", "applies to model erlangA only") }
            self.model = .erlangC
        case "erlangA":
            let p = try kpi.seconds(patienceSeconds, default: nil, field: "patienceSeconds", positive: true)
            guard p >= 1 else { throw RPCError.invalidParams(field: "patienceSeconds", "must be at least 1 second") }
            self.model = .erlangA(patienceSeconds: p)
        default: throw RPCError.invalidParams(field: "model", "must be erlangC or erlangA")
        }
        target = ServiceTarget(serviceLevel: sl, thresholdSeconds: answer, maxOccupancy: occ)
        self.shrinkage = Shrinkage(shrink)
    }

    /// A handle time given as `ahtSeconds`, checked: at least 1 second, at most a day.
    static func handleTime(_ given: Double, kpi: KPIContext) throws -> Double {
        let aht = try kpi.seconds(given, default: nil, field: "ahtSeconds", positive: true)
        guard aht >= 1 else { throw RPCError.invalidParams(field: "ahtSeconds", "must be at least 1 second") }
        return aht
    }
}
