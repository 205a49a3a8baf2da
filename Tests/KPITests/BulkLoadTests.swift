import Foundation
import GRDB
import Kernel
import PermanenceTesting
import Practice
import Testing

@testable import KPI

/// A bulk load (`KPIImporter.importFile(bulkLoadFrom:)`): the journal's caller and date indexes set
/// aside while a large file is loaded and built again after, only when this process has the database
/// to itself and the file is at least the journal's size; the same records, entries and summary as
/// an import row by row; indexes a dead load left suspended built again at the next start.
@Suite struct BulkLoadTests {
    static let practice = KernelHost.defaultPracticeId

    /// A queue_log of `calls` calls a minute apart, every other one with a caller, one in four abandoned.
    static func queueLog(calls: Int, from first: Int = 0) -> String {
        var lines: [String] = []
        for i in first..<(first + calls) {
            let t = 1_772_438_400 + i * 60
            let caller = i % 2 == 0 ? String(format: "06%08d", i) : ""
            lines.append("\(t)|c\(i)|cabinet|NONE|ENTERQUEUE||\(caller)|1")
            if i % 4 == 3 {
                lines.append("\(t + 20)|c\(i)|cabinet|NONE|ABANDON|1|1|20")
            } else {
                lines.append("\(t + 8)|c\(i)|cabinet|Local/101@agents|CONNECT|8|c\(i)-b|2")
                lines.append("\(t + 98)|c\(i)|cabinet|Local/101@agents|COMPLETEAGENT|8|90|1")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A host with the example practice and KPI on the database file `path`.
    static func server(_ path: String) async throws -> TestServer {
        try await TestServer(yaml: ExamplePractice.yaml, now: KPIHarness.t0, store: try Store(path: path)) { doc in
            let practice = try PracticePlugin(configuration: doc)
            return [practice, try KPIPlugin(configuration: doc, directory: practice.directory)]
        }
    }

    static func load(_ text: String, into store: Store, bulkLoadFrom: Int?) async throws -> KPIImporter.Summary {
        let handle = try StreamingImportTests.write(text)
        defer { try? handle.close() }
        return try await KPIImporter().importFile(
            handle, format: .queueLog, into: store, practiceId: practice, now: KPIHarness.t0, bulkLoadFrom: bulkLoadFrom)
    }

    /// What the practice's database holds: call records, journal entries (without their ids), indexes.
    static func contents(_ store: Store) async throws -> (calls: [String], journal: [String], indexes: [String]) {
        try await store.read { db in
            (
                try db.values(
                    String.self,
                    """
                    SELECT offeredSecond || '|' || dedupKey || '|' || outcome || '|' || waitSeconds || '|' || COALESCE(CAST(talkSeconds AS TEXT), '-')
                    FROM kpi_call ORDER BY offeredSecond, dedupKey
                    """),
                try db.values(
                    String.self,
                    """
                    SELECT callerPhone || '|' || offeredAt || '|' || COALESCE(CAST(answeredAt AS TEXT), '-') || '|' || outcome || '|' || reference
                    FROM practice_contact ORDER BY offeredAt
                    """),
                try db.values(String.self, "SELECT name || ': ' || sql FROM sqlite_master WHERE tbl_name = 'practice_contact' AND sql NOT NULL ORDER BY name")
            )
        }
    }

    @Test func aBulkLoadStoresWhatAnImportRowByRowStores() async throws {
        let text = Self.queueLog(calls: 400)
        let rowByRow = try await Self.server(try PracticeDatabase.temporaryPath())
        let bulk = try await Self.server(try PracticeDatabase.temporaryPath())
        let expected = try await Self.load(text, into: rowByRow.host.store, bulkLoadFrom: nil)
        var summary = try await Self.load(text, into: bulk.host.store, bulkLoadFrom: 0)
        #expect(expected.bulkLoaded == nil)
        #expect(summary.bulkLoaded == true)
        summary.bulkLoaded = nil
        #expect(summary == expected)
        #expect(summary.imported == 400)
        let (calls, journal, indexes) = try await Self.contents(bulk.host.store)
        let other = try await Self.contents(rowByRow.host.store)
        #expect(calls.count == 400 && calls == other.calls)
        #expect(journal.count == 200 && journal == other.journal)
        // The indexes are back, as they were, and nothing is left suspended.
        #expect(indexes == other.indexes)
        #expect(indexes.contains { $0.hasPrefix("practice_contact_practice_callerPhone: ") })
        #expect(try await bulk.host.store.read { db in try SuspendedIndexes.pending(in: db) } == false)
        // A caller's history reads the caller index again.
        let plan = try await bulk.host.store.read { db in
            try db.rows(
                "EXPLAIN QUERY PLAN SELECT * FROM practice_contact WHERE practiceId = ? AND callerPhone = ? ORDER BY offeredAt", [Self.practice, "+33600000002"]
            ).map { $0["detail"] as String }
        }
        #expect(plan.contains { $0.contains("practice_contact_practice_callerPhone") }, "\(plan)")
        await rowByRow.stop()
        await bulk.stop()
    }

    @Test func aDatabaseAnotherProcessHasOpenIsImportedRowByRow() async throws {
        let path = try PracticeDatabase.temporaryPath()
        let server = try await Self.server(path)
        let other = try Store(path: path) // as a running server's
        let summary = try await Self.load(Self.queueLog(calls: 50), into: server.host.store, bulkLoadFrom: 0)
        #expect(summary.bulkLoaded == nil && summary.imported == 50)
        try other.close()
        await server.stop()
    }

    @Test func aSmallLoadIntoALargerJournalIsImportedRowByRow() async throws {
        let server = try await Self.server(try PracticeDatabase.temporaryPath())
        _ = try await Self.load(Self.queueLog(calls: 400), into: server.host.store, bulkLoadFrom: nil)
        // 5 calls (about 600 bytes) against 200 entries: building the indexes again would cost more.
        let summary = try await Self.load(Self.queueLog(calls: 5, from: 1000), into: server.host.store, bulkLoadFrom: 0)
        #expect(summary.bulkLoaded == nil && summary.imported == 5)
        await server.stop()
    }

    @Test func noOtherProcessOpensTheDatabaseDuringASoleUse() async throws {
        let path = try PracticeDatabase.temporaryPath()
        let store = try Store(path: path)
        let refused = try await store.withSoleUse { () -> String in
            do {
                _ = try Store(path: path)
                return "opened"
            } catch let error as Store.InSoleUse {
                return error.description
            }
        }
        #expect(refused?.contains("bulk-loaded by another process") == true, "\(refused ?? "nil")")
        // Once it ends, others open it, and then it is not this process's alone.
        let other = try Store(path: path)
        #expect(try await store.withSoleUse { true } == nil)
        try other.close()
        #expect(try await store.withSoleUse { true } == true)
        #expect(try await Store().withSoleUse { true } == nil) // in memory: no bulk load
    }

    @Test func indexesADeadBulkLoadLeftAsideAreBuiltAtTheNextStart() async throws {
        let path = try PracticeDatabase.temporaryPath()
        let first = try await Self.server(path)
        _ = try await Self.load(Self.queueLog(calls: 20), into: first.host.store, bulkLoadFrom: nil)
        let before = try await Self.contents(first.host.store).indexes
        let dropped = try await first.host.store.write { db in try SuspendedIndexes.suspend(ContactJournal.indexesOfBulkLoads, in: db) }
        #expect(dropped == ContactJournal.indexesOfBulkLoads)
        #expect(try await Self.contents(first.host.store).indexes.count == before.count - 2)
        await first.stop() // the load died here: its indexes were never built again

        let restarted = try await Self.server(path)
        #expect(try await Self.contents(restarted.host.store).indexes == before)
        #expect(try await restarted.host.store.read { db in try SuspendedIndexes.pending(in: db) } == false)
        await restarted.stop()
    }
}
