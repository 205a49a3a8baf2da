/// Whom a method acts for, when a server answers for several practices.
package enum MethodScope: Sendable, Equatable {
    /// The service as a whole (the kernel's methods, `practices.list`): no practice is resolved.
    case service
    /// One practice: named by the `practiceId` param, or the only one the session may act for.
    case practice
    /// One practice, found by the number the patient dialled (the param named here, E.164 or any
    /// French form) when `practiceId` is not given (`calls.identify`).
    case practiceByNumber(param: String)
    /// Several practices at once, for figures (`kpi.*`, `usage.report`): the `practiceIds` param, or
    /// `practiceId`, or, when both are omitted, every practice the session may act for (the pool).
    /// The call runs on the first practice's host; `RequestContext.pool` lists them all.
    case pool
}
