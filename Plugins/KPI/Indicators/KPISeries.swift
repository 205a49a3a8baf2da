package import Foundation
import Practice

/// One indicator over time: the contacts of a dataset grouped into local intervals, days, ISO weeks
/// (Monday to Sunday) or calendar months, every bucket of the period listed (empty ones too).
package struct KPISeries: Sendable, Codable, Hashable {
    package enum Metric: String, Sendable, Codable, CaseIterable {
        case offered, answered, abandoned, shortAbandons, serviceLevel, averageSpeedOfAnswer, abandonmentRate
        case dmc, dmcMedian, dmcP90, contacts, contactRate, recontacts, recontactRate, crossChannelRecontacts
    }

    package enum GroupBy: String, Sendable, Codable, CaseIterable { case interval, day, week, month }

    package struct Point: Sendable, Codable, Hashable {
        /// `2026-03-02T09:30` (interval), `2026-03-02` (day, and week: its Monday), `2026-03` (month).
        package var key: String
        /// The bucket's first instant.
        package var start: Date
        /// Nil when the ratio is undefined (no call in the bucket).
        package var value: Double?
        /// Contacts in the bucket (every channel).
        package var contacts: Int

        enum CodingKeys: String, CodingKey { case key, start, value, contacts }

        /// Writes `value: null` for an undefined ratio rather than leaving the key out.
        package func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(key, forKey: .key)
            try c.encode(start, forKey: .start)
            try c.encode(value, forKey: .value)
            try c.encode(contacts, forKey: .contacts)
        }
    }

    package var metric: Metric
    package var groupBy: GroupBy
    package var points: [Point]

    /// Buckets of `[from, to)` in `zone`; `intervalMinutes` sizes the `interval` grouping.
    package init(
        dataset d: KPIDataset, metric: Metric, groupBy: GroupBy, settings s: KPISettings, intervalMinutes: Int,
        serviceLevelSeconds: Double? = nil, variant: ServiceLevelVariant? = nil, zone: TimeZone
    ) {
        self.metric = metric
        self.groupBy = groupBy
        func bucket(_ instant: Date) -> LocalDateTime {
            let l = LocalDateTime(instant, in: zone)
            switch groupBy {
            case .interval:
                let m = l.time.minutesSinceMidnight / intervalMinutes * intervalMinutes
                return LocalDateTime(l.date, LocalTime(minutesSinceMidnight: m)!)
            case .day: return LocalDateTime(l.date, .midnight)
            case .week: return LocalDateTime(l.date.adding(days: 1 - l.date.weekday.isoNumber), .midnight)
            case .month: return LocalDateTime(LocalDate(year: l.date.year, month: l.date.month, day: 1)!, .midnight)
            }
        }
        func next(_ b: LocalDateTime) -> LocalDateTime {
            switch groupBy {
            case .interval:
                let m = b.time.minutesSinceMidnight + intervalMinutes
                return m >= 1440 ? LocalDateTime(b.date.adding(days: 1), .midnight) : LocalDateTime(b.date, LocalTime(minutesSinceMidnight: m)!)
            case .day: return LocalDateTime(b.date.adding(days: 1), .midnight)
            case .week: return LocalDateTime(b.date.adding(days: 7), .midnight)
            case .month:
                let (y, m) = b.date.month == 12 ? (b.date.year + 1, 1) : (b.date.year, b.date.month + 1)
                return LocalDateTime(LocalDate(year: y, month: m, day: 1)!, .midnight)
            }
        }
        var groups: [LocalDateTime: [Int]] = [:]
        for (i, c) in d.contacts.enumerated() { groups[bucket(c.offeredAt), default: []].append(i) }
        var points: [Point] = []
        var b = bucket(d.from)
        let last = bucket(d.to.addingTimeInterval(-0.001))
        while b <= last {
            let members = groups[b] ?? []
            let key: String =
                switch groupBy {
                case .interval: "\(b.date)T\(b.time)"
                case .day, .week: "\(b.date)"
                case .month: String("\(b.date)".prefix(7))
                }
            let value = KPISeries.value(metric, members: members, dataset: d, settings: s, serviceLevelSeconds: serviceLevelSeconds, variant: variant)
            points.append(Point(key: key, start: max(d.from, b.instantOrNextValid(in: zone)), value: value, contacts: members.count))
            b = next(b)
        }
        self.points = points
    }

    static func value(
        _ metric: Metric, members: [Int], dataset d: KPIDataset, settings s: KPISettings,
        serviceLevelSeconds: Double?, variant: ServiceLevelVariant?
    ) -> Double? {
        let calls = members.compactMap { d.contacts[$0].call }
        let ind = CallIndicators(
            records: calls, serviceLevelSeconds: serviceLevelSeconds ?? s.serviceLevelSeconds,
            shortAbandonSeconds: s.shortAbandonSeconds)
        let withPatient = members.filter { d.contacts[$0].patientId != nil }.count
        let recontacts = members.filter { d.isRecontact[$0] }.count
        switch metric {
        case .offered: return Double(ind.offered)
        case .answered: return Double(ind.answered)
        case .abandoned: return Double(ind.abandoned)
        case .shortAbandons: return Double(ind.shortAbandons)
        case .serviceLevel: return ind.serviceLevel(variant ?? s.serviceLevelVariant)
        case .averageSpeedOfAnswer: return ind.averageSpeedOfAnswerSeconds
        case .abandonmentRate: return ind.abandonmentRate
        case .dmc: return ind.averageTalkSeconds
        case .dmcMedian: return ind.medianTalkSeconds
        case .dmcP90: return ind.talkSeconds90thPercentile
        case .contacts: return Double(members.count)
        case .contactRate: return s.patientsUnderCare.map { Double(members.count) / Double($0) }
        case .recontacts: return Double(recontacts)
        case .recontactRate: return withPatient > 0 ? Double(recontacts) / Double(withPatient) : nil
        case .crossChannelRecontacts: return Double(members.filter { d.isCrossChannelRecontact[$0] }.count)
        }
    }
}
