import Foundation

/// Every indicator of a period, as `kpi.summary` answers it. Ratios are nil when undefined.
public struct KPISummary: Sendable, Codable, Hashable {
    /// DMC (durée moyenne de conversation) and its distribution for one group of answered calls.
    public struct TalkTime: Sendable, Codable, Hashable {
        public var calls: Int
        public var mean: Double?
        public var median: Double?
        public var p90: Double?
        init(_ seconds: [Double]) {
            let sorted = seconds.sorted()
            calls = sorted.count
            mean = sorted.isEmpty ? nil : sorted.reduce(0, +) / Double(sorted.count)
            median = Percentile.nearestRank(50, of: sorted)
            p90 = Percentile.nearestRank(90, of: sorted)
        }
    }

    public struct ChannelShare: Sendable, Codable, Hashable {
        public var channel: String
        public var contacts: Int
        public var share: Double
    }

    public var from: Date
    public var to: Date
    public var serviceLevelSeconds: Double
    public var shortAbandonSeconds: Double
    public var offered: Int
    public var answered: Int
    public var abandoned: Int
    public var shortAbandons: Int
    public var abandonedAfterThreshold: Int
    public var answeredWithinThreshold: Int
    public var otherUnanswered: Int
    /// QS in the configured variant.
    public var serviceLevel: Double?
    public var serviceLevelVariant: ServiceLevelVariant
    /// QS in every variant, by variant name.
    public var serviceLevels: [String: Double?]
    public var averageSpeedOfAnswerSeconds: Double?
    public var abandonmentRate: Double?
    public var abandonmentRateExcludingShortAbandons: Double?
    public var talkTime: TalkTime
    public var talkTimeByMotive: [String: TalkTime]
    public var talkTimeByChannel: [String: TalkTime]
    /// Every incoming contact, on every channel.
    public var contacts: Int
    public var patientsUnderCare: Int?
    /// contacts ÷ patients under care (the taux de contact when the period is a month).
    public var contactRate: Double?
    public var contactsWithPatient: Int
    public var recontacts: Int
    /// recontacts ÷ contacts naming a patient.
    public var recontactRate: Double?
    public var crossChannelRecontacts: Int
    public var multiChannelPatients: Int
    public var channelMix: [ChannelShare]

    public init(dataset d: KPIDataset, settings s: KPISettings, serviceLevelSeconds: Double? = nil, variant: ServiceLevelVariant? = nil) {
        let t = serviceLevelSeconds ?? s.serviceLevelSeconds
        let calls = d.calls
        let ind = CallIndicators(records: calls, serviceLevelSeconds: t, shortAbandonSeconds: s.shortAbandonSeconds)
        from = d.from
        to = d.to
        self.serviceLevelSeconds = t
        shortAbandonSeconds = s.shortAbandonSeconds
        offered = ind.offered
        answered = ind.answered
        abandoned = ind.abandoned
        shortAbandons = ind.shortAbandons
        abandonedAfterThreshold = ind.abandonedAfterThreshold
        answeredWithinThreshold = ind.answeredWithinThreshold
        otherUnanswered = ind.otherUnanswered
        serviceLevelVariant = variant ?? s.serviceLevelVariant
        serviceLevel = ind.serviceLevel(serviceLevelVariant)
        serviceLevels = Dictionary(uniqueKeysWithValues: ServiceLevelVariant.allCases.map { ($0.rawValue, ind.serviceLevel($0)) })
        averageSpeedOfAnswerSeconds = ind.averageSpeedOfAnswerSeconds
        abandonmentRate = ind.abandonmentRate
        abandonmentRateExcludingShortAbandons = ind.abandonmentRateExcludingShortAbandons
        talkTime = TalkTime(ind.talkSeconds)
        let answeredCalls = calls.filter { $0.outcome.isAnswered && $0.outcome.isClosed }
        talkTimeByMotive = Dictionary(grouping: answeredCalls, by: { $0.motive ?? "unknown" }).mapValues { TalkTime($0.compactMap(\.talkSeconds)) }
        talkTimeByChannel = Dictionary(grouping: answeredCalls, by: { $0.channel ?? "phone" }).mapValues { TalkTime($0.compactMap(\.talkSeconds)) }
        contacts = d.contacts.count
        patientsUnderCare = s.patientsUnderCare
        contactRate = s.patientsUnderCare.map { Double(d.contacts.count) / Double($0) }
        contactsWithPatient = d.contacts.filter { $0.patientId != nil }.count
        recontacts = d.isRecontact.filter { $0 }.count
        recontactRate = contactsWithPatient > 0 ? Double(recontacts) / Double(contactsWithPatient) : nil
        crossChannelRecontacts = d.isCrossChannelRecontact.filter { $0 }.count
        multiChannelPatients = d.multiChannelPatients
        let total = d.contacts.count
        channelMix = Dictionary(grouping: d.contacts, by: \.channel).map {
            ChannelShare(channel: $0.key, contacts: $0.value.count, share: Double($0.value.count) / Double(max(1, total)))
        }.sorted { ($0.contacts, $1.channel) > ($1.contacts, $0.channel) }
    }
}
