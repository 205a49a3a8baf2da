import Foundation
import GRDB
import Kernel
import Testing

@testable import KPI

/// `KPIImporter.importFile`: a file read a line at a time and stored a batch at a time gives the
/// same records, counts and malformed lines as the whole content parsed at once, whatever the batch
/// size; a quoted CSV field may span lines; a late event of a closed call is still ignored.
@Suite struct StreamingImportTests {
    static let csv = #"""
        call_id,queue,channel,offered_at,answered_at,ended_at,abandoned_at,agent,motive,caller
        a1,cabinet,phone,2026-03-02T09:00:00+01:00,2026-03-02T09:00:12+01:00,2026-03-02T09:03:12+01:00,,sophie,"rendez-vous,
        urgent ""ce jour""",06 12 34 56 01
        a2,cabinet,phone,2026-03-02T08:01:00Z,,2026-03-02T08:01:30Z,2026-03-02T08:01:30Z,,ordonnance,
        a3,cabinet,phone,not-a-date,,,,,,
        a4,cabinet,sms,2026-03-02T09:10:00.500+01:00,,,,,,0612345604\#r
        a5,cabinet,phone,2026-03-02T09:20:00+01:00,,,,,

        """#

    /// Every record stored in `kpi_call`, as (key, outcome, wait, talk).
    static func stored(_ store: Store) async throws -> [String] {
        try await store.read { db in
            try db.values(
                String.self,
                "SELECT dedupKey || ' ' || outcome || ' ' || waitSeconds || ' ' || COALESCE(CAST(talkSeconds AS TEXT), '-') || ' ' || COALESCE(motive, '-') FROM kpi_call ORDER BY dedupKey"
            )
        }
    }

    static func write(_ text: String) throws -> FileHandle {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("import-\(UUID().uuidString).txt")
        try Data(text.utf8).write(to: url)
        return try FileHandle(forReadingFrom: url)
    }

    @Test(
        "a file imported as it is read equals the content parsed at once",
        arguments: [(KPIImporter.Format.queueLog, 1), (.queueLog, 3), (.queueLog, 10_000), (.csv, 1), (.csv, 2), (.csv, 10_000)])
    func streamedEqualsWhole(format: KPIImporter.Format, batchSize: Int) async throws {
        let content = format == .queueLog ? handWrittenQueueLog + "\n" : Self.csv
        let importer = KPIImporter()
        let whole = try await KPIHarness().host.store
        let expected = try await importer.store(
            importer.parse(content, format: format), format: format, into: whole, practiceId: KernelHost.defaultPracticeId, now: Date())
        let streamed = try await KPIHarness().host.store
        let handle = try Self.write(content)
        defer { try? handle.close() }
        let summary = try await importer.importFile(
            handle, format: format, into: streamed, practiceId: KernelHost.defaultPracticeId, now: Date(), batchSize: batchSize)
        #expect(summary == expected)
        #expect(summary.parsed >= 3)
        #expect(try await Self.stored(streamed) == Self.stored(whole))
        if format == .csv {
            #expect(try await Self.stored(streamed).contains { $0.hasSuffix("rendez-vous,\nurgent \"ce jour\"") })
            #expect(summary.malformed.map(\.lineNumber) == [5, 7])
        }
        // Again: every record is a duplicate.
        let again = try await importer.importFile(
            try Self.write(content), format: format, into: streamed, practiceId: KernelHost.defaultPracticeId, now: Date(), batchSize: batchSize)
        #expect(again.imported == 0 && again.duplicates == summary.parsed)
    }

    @Test func aLateEventOfAClosedCallIsIgnoredAndALaterOfferIsANewCall() {
        let log = """
            1770000010|c1|cabinet|NONE|ENTERQUEUE||0612345601|1
            1770000015|c1|cabinet|agent|CONNECT|5|c1-b|3
            1770000135|c1|cabinet|agent|COMPLETEAGENT|5|120|1
            1770000140|c1|cabinet|agent|RINGNOANSWER|3000
            1770000200|c1|cabinet|NONE|ENTERQUEUE||0612345601|1
            1770000230|c1|cabinet|NONE|ABANDON|1|1|30
            """
        let result = QueueLogParser.parse(log)
        #expect(result.records.map(\.outcome) == [.completedByAgent, .abandoned])
        #expect(result.records[0].ringNoAnswerCount == 0)
        #expect(result.ignoredLineCount == 1)
    }

    @Test func aFileThatIsNotTextStopsAtTheLineWhereItShows() async throws {
        let handle = try Self.write("call_id,offered_at\nok,2026-03-02T09:00:00Z\nbad\u{0}line,2026-03-02T09:00:00Z\n")
        await #expect(throws: KPIImporter.NotText.self) {
            try await KPIImporter().importFile(
                handle, format: .csv, into: try await KPIHarness().host.store, practiceId: KernelHost.defaultPracticeId, now: Date())
        }
    }
}
