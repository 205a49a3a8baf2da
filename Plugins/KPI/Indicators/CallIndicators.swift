/// Call-centre indicators over a set of call records (one queue, motive or channel: grouping
/// is the caller's job). Calls still ``CallOutcome/waiting`` are left out of everything.
///
/// Definitions (`T` = ``serviceLevelSeconds``, `S` = ``shortAbandonSeconds``):
/// - offered: every closed call; answered: ``CallOutcome/isAnswered``; abandoned: the caller
///   hung up while waiting (timeouts and other system exits are offered, not answered, not abandoned);
/// - answered within T: answered with wait `≤ T`; short abandon: abandoned with wait `≤ S`;
///   abandoned after T: abandoned with wait `> T`;
/// - QS: see ``ServiceLevelVariant``;
/// - ASA (average speed of answer) = mean wait of answered calls;
/// - abandonment rate = abandoned ÷ offered; excluding short abandons =
///   (abandoned − short) ÷ (offered − short);
/// - DMC (durée moyenne de conversation, mean talk time) = mean talk seconds of answered calls
///   whose talk time is known; median and 90th percentile by the nearest-rank method (``Percentile``).
///
/// Ratios are `nil` when their denominator is zero.
package struct CallIndicators: Sendable, Hashable, Codable {
    package let serviceLevelSeconds: Double
    package let shortAbandonSeconds: Double
    package let offered: Int
    package let answered: Int
    package let abandoned: Int
    package let shortAbandons: Int
    package let abandonedAfterThreshold: Int
    package let answeredWithinThreshold: Int
    /// Offered calls neither answered nor abandoned (timeouts, empty queue, key exits, unknown).
    package let otherUnanswered: Int
    /// Sum of the waits of answered calls, seconds.
    package let totalAnsweredWaitSeconds: Double
    /// Talk times of answered calls whose talk time is known, ascending.
    package let talkSeconds: [Double]

    package init(records: [CallRecord], serviceLevelSeconds: Double = 20, shortAbandonSeconds: Double = 5) {
        self.serviceLevelSeconds = serviceLevelSeconds
        self.shortAbandonSeconds = shortAbandonSeconds
        let closed = records.filter { $0.outcome.isClosed }
        let answeredCalls = closed.filter { $0.outcome.isAnswered }
        let abandonedCalls = closed.filter { $0.outcome.isAbandoned }
        offered = closed.count
        answered = answeredCalls.count
        abandoned = abandonedCalls.count
        shortAbandons = abandonedCalls.filter { $0.waitSeconds <= shortAbandonSeconds }.count
        abandonedAfterThreshold = abandonedCalls.filter { $0.waitSeconds > serviceLevelSeconds }.count
        answeredWithinThreshold = answeredCalls.filter { $0.waitSeconds <= serviceLevelSeconds }.count
        otherUnanswered = offered - answered - abandoned
        totalAnsweredWaitSeconds = answeredCalls.reduce(0) { $0 + $1.waitSeconds }
        talkSeconds = answeredCalls.compactMap(\.talkSeconds).sorted()
    }

    /// QS in the given variant.
    package func serviceLevel(_ variant: ServiceLevelVariant) -> Double? {
        let denominator =
            switch variant {
            case .answeredWithinOverAnswered: answered
            case .answeredWithinOverOffered: offered
            case .answeredWithinOverAnsweredPlusAbandonedAfter: answered + abandonedAfterThreshold
            case .answeredWithinOverOfferedExcludingShortAbandons: offered - shortAbandons
            }
        return Self.ratio(Double(answeredWithinThreshold), denominator)
    }

    /// ASA: mean wait of answered calls, seconds.
    package var averageSpeedOfAnswerSeconds: Double? { Self.ratio(totalAnsweredWaitSeconds, answered) }

    /// abandoned ÷ offered.
    package var abandonmentRate: Double? { Self.ratio(Double(abandoned), offered) }

    /// (abandoned − short abandons) ÷ (offered − short abandons).
    package var abandonmentRateExcludingShortAbandons: Double? {
        Self.ratio(Double(abandoned - shortAbandons), offered - shortAbandons)
    }

    /// DMC: mean talk time, seconds.
    package var averageTalkSeconds: Double? { Self.ratio(talkSeconds.reduce(0, +), talkSeconds.count) }

    /// Median talk time (nearest rank), seconds.
    package var medianTalkSeconds: Double? { Percentile.nearestRank(50, of: talkSeconds) }

    /// 90th percentile of talk time (nearest rank), seconds.
    package var talkSeconds90thPercentile: Double? { Percentile.nearestRank(90, of: talkSeconds) }

    private static func ratio(_ numerator: Double, _ denominator: Int) -> Double? {
        denominator > 0 ? numerator / Double(denominator) : nil
    }
}
