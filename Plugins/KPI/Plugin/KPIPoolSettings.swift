import Kernel
import Practice

/// What each practice of a pool configures on its own, for figures over the pool: patients under
/// care, scheduled agents, its name; every other setting (thresholds, targets, interval) is the
/// host's practice's. Each practice's ``KPIContext`` is a service of its host
/// (registered by ``KPIPlugin``), found through the server's practices.
package struct KPIPoolSettings: Sendable {
    /// The practices the call covers, in the pool's order (the host's first).
    package let practiceIds: [String]
    /// The KPI contexts of those practices that run the KPI module, in the same order.
    package let members: [KPIContext]

    package init(practiceIds: [String], members: [KPIContext]) {
        self.practiceIds = practiceIds
        self.members = members
    }

    /// The pool of `context` (`context.pool`); `own` is the host's practice's context.
    init(own: KPIContext, context: RequestContext) {
        practiceIds = context.pool
        members = context.pool.compactMap { id in
            id == context.practiceId ? own : context.practices.host(id: id)?.services.resolve(KPIContext.self)
        }
    }

    /// Whether the call covers several practices.
    package var isPool: Bool { practiceIds.count > 1 }

    /// The settings the pool's figures use: the host's practice's, with the pool's patients under
    /// care (the sum, nil unless every practice configures it) and every practice's scheduled
    /// agents (their blocks together, so an interval's scheduled agents are the practices' sum).
    /// For one practice, its own settings unchanged.
    package func settings(_ own: KPISettings) -> KPISettings {
        guard isPool else { return own }
        var s = own
        s.patientsUnderCare = patientsUnderCare
        s.scheduledAgents = members.flatMap(\.settings.scheduledAgents)
        return s
    }

    private var patientsUnderCare: Int? {
        guard members.count == practiceIds.count else { return nil }
        var sum = 0
        for m in members {
            guard let n = m.settings.patientsUnderCare else { return nil }
            sum += n
        }
        return sum
    }

    /// The practices' names: all of them up to three, else the first three and `+N`.
    package var name: String {
        let names = members.map(\.directory.profile.name)
        return names.count <= 3 ? names.joined(separator: ", ") : names.prefix(3).joined(separator: ", ") + " +\(names.count - 3)"
    }
}
