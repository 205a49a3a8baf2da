import Foundation
import JSONRPC
import Kernel
import Practice
import Testing

@testable import KPI

/// Imported calls join their number's contact history, once, and are not counted twice by the indicators.
@Suite struct KPICallJournalTests {
    func journal(_ h: KPIHarness) async throws -> [ContactEntry] {
        try await h.host.store.read { db in try ContactJournal.entries(from: .distantPast, to: .distantFuture, practiceId: h.host.practiceId, in: db) }
    }

    @Test func queueLogCallsJoinTheirNumbersHistoryOnce() async throws {
        let h = try await KPIHarness(now: RFC3339.parse("2026-03-04T08:00:00Z")!)
        _ = try await h.ok("kpi.import", ["format": "queue-log", "content": .string(documentedQueueLog)])
        let entries = try await journal(h)
        #expect(entries.count == 8)
        #expect(entries.allSatisfy { $0.source == "kpi" && $0.kind == "importedCall" && $0.direction == .inbound && $0.patientId == nil })
        // The abandoned call q4 (« j'ai appelé, personne n'a répondu ») in its number's history.
        let history = try await h.ok("contacts.history", ["phone": "06 12 00 00 04"])
        let call = try #require(history["entries"]?.arrayValue?.first)
        #expect(history["entries"]?.arrayValue?.count == 1)
        #expect(call["abandonedAt"]?.stringValue == "2026-03-03T09:05:50+01:00")
        #expect(call["outcome"]?.stringValue == "abandoned")
        #expect(call["source"]?.stringValue == "kpi")
        #expect(entries.filter(\.isMissedCall).map { $0.caller?.phone } == ["+33612000003", "+33612000004", "+33612000006"])
        // Importing the file again adds nothing, to the calls or to the journal.
        _ = try await h.ok("kpi.import", ["format": "queue-log", "content": .string(documentedQueueLog)])
        #expect(try await journal(h).count == 8)
    }

    @Test func indicatorsCountAnImportedCallOnce() async throws {
        let h = try await KPIHarness(now: RFC3339.parse("2026-03-04T08:00:00Z")!)
        _ = try await h.ok("kpi.import", ["format": "queue-log", "content": .string(documentedQueueLog)])
        #expect(try await journal(h).count == 8)
        let s = try await h.ok("kpi.summary", ["from": "2026-03-03T00:00:00+01:00", "to": "2026-03-04T00:00:00+01:00"])
        #expect(s["offered"]?.intValue == 8)
        #expect(s["contacts"]?.intValue == 8)
        let history = try await ArrivalHistory.load(
            before: nil, intervalMinutes: 30, directory: h.plugin.context.directory, practiceIds: [h.host.practiceId], store: h.host.store)
        #expect(history.counts.map(\.count).reduce(0, +) == 8)
    }

    @Test func csvCallerColumnIsRead() {
        let csv = """
            call_id,queue,offered_at,abandoned_at,caller
            a1,centre,2026-03-02T09:00:00+01:00,2026-03-02T09:00:40+01:00,+49 1512 3456 78901
            a2,centre,2026-03-02T09:05:00+01:00,2026-03-02T09:05:40+01:00,anonymous
            """
        let records = CallRecordCSV.parse(csv).records
        #expect(records.map(\.caller) == ["+491512345678901", nil])
    }
}
