import Foundation
import GRDB
import Kernel
import Practice
import Testing

@testable import KPI

/// `KPICallStore.insert` on a batch stores what one call per record stores — every column, the
/// first of two records with one key, nothing for a record already held — and journals exactly
/// the new records with a caller number, in their order.
@Suite struct BulkInsertTests {
    static let t0 = Date(timeIntervalSince1970: 1_772_438_400)
    static let practice = KernelHost.defaultPracticeId

    /// `count` records over two queues; every third has a caller, every fifth is abandoned.
    static func records(_ range: Range<Int>) -> [CallRecord] {
        range.map { i in
            let offered = t0.addingTimeInterval(Double(i) * 60)
            let abandoned = i % 5 == 0
            return CallRecord(
                callId: "c\(i)", queue: i % 2 == 0 ? "cabinet" : "", channel: i % 7 == 0 ? nil : "phone", motive: i % 4 == 0 ? "ordonnance" : nil,
                offeredAt: offered, answeredAt: abandoned ? nil : offered.addingTimeInterval(12), endedAt: offered.addingTimeInterval(90),
                abandonedAt: abandoned ? offered.addingTimeInterval(90) : nil, waitSeconds: abandoned ? 90 : 12, talkSeconds: abandoned ? nil : 78,
                agent: abandoned ? nil : "Local/\(100 + i % 3)@agents", outcome: abandoned ? .abandoned : .completedByAgent,
                ringNoAnswerCount: i % 3, caller: i % 3 == 0 ? "+3361234\(String(format: "%04d", i))" : nil)
        }
    }

    static func rows(_ store: Store) async throws -> [String] {
        try await store.read { db in
            try db.values(
                String.self,
                """
                SELECT practiceId || '|' || dedupKey || '|' || callId || '|' || queue || '|' || COALESCE(channel, '-') || '|' || COALESCE(motive, '-')
                  || '|' || offeredAt || '|' || COALESCE(CAST(answeredAt AS TEXT), '-') || '|' || COALESCE(CAST(endedAt AS TEXT), '-') || '|' || COALESCE(CAST(abandonedAt AS TEXT), '-')
                  || '|' || waitSeconds || '|' || COALESCE(CAST(talkSeconds AS TEXT), '-') || '|' || COALESCE(agent, '-') || '|' || outcome
                  || '|' || ringNoAnswerCount || '|' || importedAt
                FROM kpi_call ORDER BY offeredAt, dedupKey
                """)
        }
    }

    static func journal(_ store: Store) async throws -> [ContactEntry] {
        try await store.read { db in try ContactJournal.entries(from: .distantPast, to: .distantFuture, practiceId: Self.practice, in: db) }
    }

    @Test func aBatchStoresWhatOneCallPerRecordStores() async throws {
        let store = try await KPIHarness().host.store
        let first = Self.records(0..<150)
        // Within one call: a record repeated (its first version is kept) and more records than one statement takes.
        var repeated = first[70]
        repeated.agent = "someone else"
        var records = first
        records.insert(repeated, at: 140)
        let batch = records
        let added = try await store.write { db in try KPICallStore.insert(batch, practiceId: Self.practice, importedAt: Self.t0, in: db) }
        #expect(added == 150)
        // Again with 50 held and 100 new ones: only the new ones count.
        let again = try await store.write { db in
            try KPICallStore.insert(Self.records(100..<250), practiceId: Self.practice, importedAt: Self.t0, in: db)
        }
        #expect(again == 100)

        // The same records, one call per record: the rows one statement per record gave.
        let reference = try await KPIHarness().host.store
        var referenceAdded = 0
        for r in batch + Self.records(100..<250) {
            referenceAdded += try await reference.write { db in try KPICallStore.insert([r], practiceId: Self.practice, importedAt: Self.t0, in: db) }
        }
        #expect(referenceAdded == 250)
        let rows = try await Self.rows(store)
        #expect(rows.count == 250)
        let referenceRows = try await Self.rows(reference)
        #expect(rows == referenceRows)
        #expect(!rows.contains { $0.contains("someone else") })

        // The journal: one entry per new record with a caller, in order, nothing for duplicates.
        let entries = try await Self.journal(store)
        let expected = Self.records(0..<250).filter { $0.caller != nil }
        #expect(entries.map(\.reference) == expected.map(\.dedupKey))
        #expect(entries.map { $0.caller?.phone } == expected.map(\.caller))
        #expect(Set(entries.map(\.id)).count == entries.count)
        func comparable(_ e: ContactEntry) -> ContactEntry {
            var e = e
            e.id = ""
            return e
        }
        let referenceEntries = try await Self.journal(reference)
        #expect(entries.map(comparable) == referenceEntries.map(comparable))
        let missed = try #require(entries.first { $0.reference == Self.records(0..<1)[0].dedupKey })
        #expect(missed.isMissedCall && missed.motive == .other && missed.subject == "ordonnance" && missed.notes == "file d'attente : cabinet")
    }
}
