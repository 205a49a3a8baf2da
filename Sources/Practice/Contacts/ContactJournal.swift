package import Foundation
package import Kernel

/// The contact journal: the one timeline of every contact, across channels and modules.
///
/// Modules append inside their own write transaction (`append(_:practiceId:in:)`), so an appointment and its
/// journal entry commit together; nobody reads another module's tables to build a history. Each
/// practice has its own journal: every function takes the practice the request acts for
/// (`ctx.practiceId`; `host.practiceId` in background work) and sees that practice's entries only.
package enum ContactJournal {
    /// Appends `entry` to the practice's journal in the caller's transaction; returns the entry with its id.
    @discardableResult
    package static func append(_ entry: ContactEntry, practiceId: String, in db: any StoreConnection) throws -> ContactEntry {
        var e = entry
        if e.id.isEmpty { e.id = RandomIdentifier.timeOrdered("ct_") }
        try PracticeStore.insertContact(e, practiceId: practiceId, in: db)
        return e
    }

    /// The indexes a bulk load of entries naming no patient (an import of the telephony's log)
    /// writes, which it may suspend (`SuspendedIndexes`) and have built again after.
    package static let indexesOfBulkLoads = PracticeStore.contactIndexesOfBulkLoads

    /// About how many entries the journal holds, every practice together (read in constant time).
    package static func approximateSize(in db: any StoreConnection) throws -> Int {
        try PracticeStore.contactRowsUpperBound(in: db)
    }

    /// The timeline of a patient, or of a phone number (E.164), oldest first, within `[from, to)`.
    package static func history(
        patientId: String?, phone: String?, from: Date?, to: Date?, practiceId: String, in db: any StoreConnection
    ) throws -> [ContactEntry] {
        try PracticeStore.contacts(patientId: patientId, phone: phone, from: from, to: to, practiceId: practiceId, in: db)
    }

    /// The missed calls (``ContactEntry/isMissedCall``) of a patient or from any of `phones`
    /// (E.164) offered within `[from, to)`, oldest first, whichever module recorded them: what a
    /// repeat caller tried before getting through. One call recorded twice — by hand
    /// (`contacts.record`) and by an import of the telephony's log — counts once: entries from
    /// the same number offered within ``sameCallTolerance`` of each other from different sources.
    package static func missedCalls(
        patientId: String?, phones: [String], from: Date, to: Date, practiceId: String, in db: any StoreConnection
    ) throws -> [ContactEntry] {
        var kept: [ContactEntry] = []
        for entry in try PracticeStore.unansweredCalls(patientId: patientId, phones: phones, from: from, to: to, practiceId: practiceId, in: db) {
            let twin = kept.contains { k in
                k.source != entry.source && k.caller?.phone == entry.caller?.phone
                    && abs(k.offeredAt.timeIntervalSince(entry.offeredAt)) <= sameCallTolerance
            }
            if !twin { kept.append(entry) }
        }
        return kept
    }

    /// Two missed calls from one number recorded by different sources this close (seconds) are one call.
    package static let sameCallTolerance: TimeInterval = 60

    /// Every entry of the practice offered within `[from, to)`, oldest first (for the KPI module).
    package static func entries(from: Date, to: Date, practiceId: String, in db: any StoreConnection) throws -> [ContactEntry] {
        try PracticeStore.contacts(from: from, to: to, practiceId: practiceId, in: db)
    }

    /// The entry of a `practice_contact` row.
    static func entry(_ row: StoreRow) -> ContactEntry {
        func date(_ c: String) -> Date? { (row[c] as Double?).map(Date.init(timeIntervalSince1970:)) }
        let caller: ContactEntry.Caller? =
            (row["callerName"] as String?) == nil && (row["callerPhone"] as String?) == nil
                && (row["callerRelationship"] as String?) == nil
            ? nil
            : .init(
                name: row["callerName"], phone: row["callerPhone"], relationship: (row["callerRelationship"] as String?).flatMap(ContactEntry.Relationship.init)
            )
        return ContactEntry(
            id: row["id"], channel: ContactEntry.Channel(rawValue: row["channel"]) ?? .phone,
            direction: ContactEntry.Direction(rawValue: row["direction"]) ?? .inbound, patientId: row["patientId"],
            caller: caller, motive: ContactEntry.Motive(rawValue: row["motive"]) ?? .other, subject: row["subject"],
            offeredAt: date("offeredAt")!, answeredAt: date("answeredAt"), endedAt: date("endedAt"),
            abandonedAt: date("abandonedAt"), agent: row["agent"], outcome: row["outcome"], notes: row["notes"],
            source: row["source"], reference: row["reference"], kind: row["kind"])
    }
}
