/// How a call offered to a queue ended.
package enum CallOutcome: String, Sendable, Hashable, Codable, CaseIterable {
    /// Answered; the agent hung up (`COMPLETEAGENT`).
    case completedByAgent
    /// Answered; the caller hung up (`COMPLETECALLER`).
    case completedByCaller
    /// Answered, then transferred by the agent (`TRANSFER`, `BLINDTRANSFER`, `ATTENDEDTRANSFER`).
    case transferred
    /// Answered; how it ended is unknown (conversation still going, or a CSV export).
    case answered
    /// The caller hung up while waiting (`ABANDON`).
    case abandoned
    /// The queue's timeout sent the caller elsewhere (`EXITWITHTIMEOUT`): not answered, not abandoned.
    case timedOut
    /// The queue had no (available) member and let the caller go (`EXITEMPTY`).
    case exitedEmpty
    /// The caller left the queue by pressing a key (`EXITWITHKEY`).
    case exitedWithKey
    /// Ended without answer nor abandonment, reason unknown (CSV without either instant).
    case unanswered
    /// Still waiting: no closing event yet. Excluded from every indicator.
    case waiting

    /// The call reached an agent.
    package var isAnswered: Bool {
        switch self {
        case .completedByAgent, .completedByCaller, .transferred, .answered: true
        default: false
        }
    }

    /// The caller hung up before reaching an agent.
    package var isAbandoned: Bool { self == .abandoned }

    /// The call has left the queue (answered or not).
    package var isClosed: Bool { self != .waiting }
}
