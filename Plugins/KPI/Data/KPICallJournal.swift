import Foundation
import Kernel
package import Practice

/// Imported calls in the contact journal: every call imported from a queue_log or a CSV with a
/// caller number gets one inbound `phone` entry (`source: kpi`, `kind: importedCall`,
/// `reference`: its ``CallRecord/dedupKey``), appended in the import's own transaction, so that
/// the number's `contacts.history` shows it and a later call from that number counts a missed
/// one (abandoned, timed out) as a repeat.
///
/// The indicators read imported calls from `kpi_call`; they skip these entries
/// (``isImportedCall(_:)``), so no call is counted twice.
package enum KPICallJournal {
    /// The journal `source` of imported calls.
    package static let source = "kpi"

    /// True for a journal entry written by an import (already counted from `kpi_call`).
    package static func isImportedCall(_ entry: ContactEntry) -> Bool { entry.source == source }

    /// Appends one entry per record that has a caller number.
    static func append(_ records: some Sequence<CallRecord>, practiceId: String, in db: any StoreConnection) throws {
        for r in records {
            guard let caller = r.caller else { continue }
            try ContactJournal.append(
                ContactEntry(
                    channel: r.channel.flatMap(ContactEntry.Channel.init(rawValue:)) ?? .phone, direction: .inbound, patientId: nil,
                    caller: .init(phone: caller), motive: r.motive.flatMap(ContactEntry.Motive.init(rawValue:)) ?? .other,
                    subject: r.motive.flatMap { ContactEntry.Motive(rawValue: $0) == nil ? $0 : nil },
                    offeredAt: r.offeredAt, answeredAt: r.answeredAt, endedAt: r.endedAt, abandonedAt: r.abandonedAt,
                    agent: r.agent, outcome: r.outcome.rawValue, notes: r.queue.isEmpty ? nil : "file d'attente : \(r.queue)",
                    source: source, reference: r.dedupKey, kind: "importedCall"), practiceId: practiceId, in: db)
        }
    }
}
