package import Foundation
package import Kernel
package import Practice

/// The contacts of a period, read from the contact journal and `kpi_call`, with the earlier
/// contacts needed to recognise recontacts.
package struct KPIDataset: Sendable {
    package let from: Date
    package let to: Date
    /// Contacts offered within `[from, to)`, oldest first, after the filter.
    package let contacts: [KPIContact]
    /// For each of `contacts`: whether it is a recontact (same key seen within `recontactDays` before).
    package let isRecontact: [Bool]
    /// For each of `contacts`: whether it is a recontact on a channel not used for that key in the window before it.
    package let isCrossChannelRecontact: [Bool]
    /// Patients who, within the period, contacted about one subject on two channels or more, less than `recontactDays` apart.
    package let multiChannelPatients: Int
    /// Distinct patients among `contacts`.
    package let patients: Int

    /// Reads the period (and `recontactDays` before it) of the practices `practiceIds` (one, or a
    /// pool) from the store, in one read transaction.
    package static func load(
        from: Date, to: Date, filter: KPIFilter, settings: KPISettings, directory: PracticeDirectory,
        practiceIds: [String], store: Store
    ) async throws -> KPIDataset {
        let lookback = from.addingTimeInterval(-Double(settings.recontactDays) * 86_400)
        let (entries, calls) = try await store.read { db in
            (
                try practiceIds.flatMap { id in try ContactJournal.entries(from: lookback, to: to, practiceId: id, in: db).map { (id, $0) } },
                try KPICallStore.records(from: lookback, to: to, practiceIds: practiceIds, in: db)
            )
        }
        let siteIds = Set(directory.sites.map(\.id))
        let practitionerIds = Set(directory.practitioners.map(\.id))
        var all = entries.compactMap { id, entry in
            var c = KPIContact(journal: entry)
            c?.practiceId = id
            return c
        }
        all += calls.map {
            var c = KPIContact(imported: $0.record, settings: settings, siteIds: siteIds, practitionerIds: practitionerIds)
            c.practiceId = $0.practiceId
            return c
        }
        all.sort { $0.offeredAt < $1.offeredAt }
        return KPIDataset(from: from, to: to, all: all.filter(filter.matches), recontactDays: settings.recontactDays)
    }

    /// Builds the dataset from contacts already read (`all` may start before `from`).
    package init(from: Date, to: Date, all: [KPIContact], recontactDays: Int) {
        self.from = from
        self.to = to
        let window = Double(recontactDays) * 86_400
        var last: [String: [(Date, String)]] = [:]
        var contacts: [KPIContact] = []
        var recontact: [Bool] = []
        var cross: [Bool] = []
        var multi = Set<String>()
        var episodeChannels: [String: Set<String>] = [:]
        for c in all.sorted(by: { $0.offeredAt < $1.offeredAt }) {
            let key = c.recontactKey
            var isRe = false
            var isCross = false
            if let key {
                let recent = (last[key] ?? []).filter { c.offeredAt.timeIntervalSince($0.0) <= window }
                isRe = !recent.isEmpty
                isCross = isRe && !recent.contains { $0.1 == c.channel }
                if !isRe { episodeChannels[key] = [] }
                if c.offeredAt >= from { episodeChannels[key, default: []].insert(c.channel) }
                if (episodeChannels[key]?.count ?? 0) >= 2, let p = c.patientId, c.offeredAt >= from { multi.insert(p) }
                last[key] = recent + [(c.offeredAt, c.channel)]
            }
            guard c.offeredAt >= from, c.offeredAt < to else { continue }
            contacts.append(c)
            recontact.append(isRe)
            cross.append(isCross)
        }
        self.contacts = contacts
        isRecontact = recontact
        isCrossChannelRecontact = cross
        multiChannelPatients = multi.count
        patients = Set(contacts.compactMap(\.patientId)).count
    }

    /// The timed calls among `contacts`.
    package var calls: [CallRecord] { contacts.compactMap(\.call) }
}
