package import Foundation

/// Every indicator of a period, as `kpi.summary` answers it. Ratios are nil when undefined.
package struct KPISummary: Sendable, Codable, Hashable {
    /// DMC (durée moyenne de conversation) and its distribution for one group of answered calls.
    package struct TalkTime: Sendable, Codable, Hashable {
        package var calls: Int
        package var mean: Double?
        package var median: Double?
        package var p90: Double?
        init(_ seconds: [Double]) {
            let sorted = seconds.sorted()
            calls = sorted.count
            mean = sorted.isEmpty ? nil : sorted.reduce(0, +) / Double(sorted.count)
            median = Percentile.nearestRank(50, of: sorted)
            p90 = Percentile.nearestRank(90, of: sorted)
        }
    }

    package struct ChannelShare: Sendable, Codable, Hashable {
        package var channel: String
        package var contacts: Int
        package var share: Double
    }

    /// The call figures of one practice of a pool.
    package struct PracticeFigures: Sendable, Codable, Hashable {
        package var practiceId: String
        package var contacts: Int
        package var offered: Int
        package var answered: Int
        package var abandoned: Int
        package var serviceLevel: Double?
        package var averageSpeedOfAnswerSeconds: Double?
        package var abandonmentRate: Double?
    }

    package var from: Date
    package var to: Date
    package var serviceLevelSeconds: Double
    package var shortAbandonSeconds: Double
    package var offered: Int
    package var answered: Int
    package var abandoned: Int
    package var shortAbandons: Int
    package var abandonedAfterThreshold: Int
    package var answeredWithinThreshold: Int
    package var otherUnanswered: Int
    /// QS in the configured variant.
    package var serviceLevel: Double?
    package var serviceLevelVariant: ServiceLevelVariant
    /// QS in every variant, by variant name.
    package var serviceLevels: [String: Double?]
    package var averageSpeedOfAnswerSeconds: Double?
    package var abandonmentRate: Double?
    package var abandonmentRateExcludingShortAbandons: Double?
    package var talkTime: TalkTime
    package var talkTimeByMotive: [String: TalkTime]
    package var talkTimeByChannel: [String: TalkTime]
    /// Every incoming contact, on every channel.
    package var contacts: Int
    package var patientsUnderCare: Int?
    /// contacts ÷ patients under care (the taux de contact when the period is a month).
    package var contactRate: Double?
    package var contactsWithPatient: Int
    package var recontacts: Int
    /// recontacts ÷ contacts naming a patient.
    package var recontactRate: Double?
    package var crossChannelRecontacts: Int
    package var multiChannelPatients: Int
    package var channelMix: [ChannelShare]
    /// For a pool of several practices (`pool`), each practice's figures in the pool's order; nil otherwise.
    package var byPractice: [PracticeFigures]?

    /// The indicators of `d` under `s` (for a pool, ``KPIPoolSettings/settings(_:)``); over a
    /// pool of several practices (`practiceIds`), ``byPractice`` is set.
    package init(
        dataset d: KPIDataset, settings s: KPISettings, serviceLevelSeconds: Double? = nil, variant: ServiceLevelVariant? = nil,
        practiceIds: [String] = []
    ) {
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
        contactRate = patientsUnderCare.map { Double(d.contacts.count) / Double($0) }
        contactsWithPatient = d.contacts.filter { $0.patientId != nil }.count
        recontacts = d.isRecontact.filter { $0 }.count
        recontactRate = contactsWithPatient > 0 ? Double(recontacts) / Double(contactsWithPatient) : nil
        crossChannelRecontacts = d.isCrossChannelRecontact.filter { $0 }.count
        multiChannelPatients = d.multiChannelPatients
        let total = d.contacts.count
        channelMix = Dictionary(grouping: d.contacts, by: \.channel).map {
            ChannelShare(channel: $0.key, contacts: $0.value.count, share: Double($0.value.count) / Double(max(1, total)))
        }.sorted { ($0.contacts, $1.channel) > ($1.contacts, $0.channel) }
        guard practiceIds.count > 1 else { return }
        let variant = serviceLevelVariant
        let byId = Dictionary(grouping: d.contacts) { $0.practiceId ?? "" }
        byPractice = practiceIds.map { id in
            let contacts = byId[id] ?? []
            let ind = CallIndicators(records: contacts.compactMap(\.call), serviceLevelSeconds: t, shortAbandonSeconds: s.shortAbandonSeconds)
            return PracticeFigures(
                practiceId: id, contacts: contacts.count, offered: ind.offered, answered: ind.answered, abandoned: ind.abandoned,
                serviceLevel: ind.serviceLevel(variant), averageSpeedOfAnswerSeconds: ind.averageSpeedOfAnswerSeconds,
                abandonmentRate: ind.abandonmentRate)
        }
    }
}
