/// The ways of computing QS (qualité de service: share of calls answered within `T` seconds).
/// They differ only in the denominator; the numerator is always the calls answered with a
/// wait `≤ T`.
package enum ServiceLevelVariant: String, Sendable, Hashable, Codable, CaseIterable {
    /// answered within T ÷ answered.
    case answeredWithinOverAnswered
    /// answered within T ÷ offered (every unanswered call counts against).
    case answeredWithinOverOffered
    /// answered within T ÷ (answered + abandoned after waiting more than T): abandons before T
    /// and system exits (timeouts, empty queue, key) do not count.
    case answeredWithinOverAnsweredPlusAbandonedAfter
    /// answered within T ÷ (offered − short abandons).
    case answeredWithinOverOfferedExcludingShortAbandons
}
