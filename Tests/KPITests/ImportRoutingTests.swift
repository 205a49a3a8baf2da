import Foundation
import GRDB
import JSONRPC
import Kernel
import Testing

@testable import KPI

/// One file with the calls of several practices (`permanence import --practices DIR`): each record
/// lands in the practice that lists its queue (`kpi.queues`) or that its CSV `practice` column
/// names; what finds no practice is counted by queue or name, never stored; `kpi.import`, which
/// acts for one practice, refuses a CSV naming another.
@Suite struct ImportRoutingTests {
    /// Two calls of `cab-a-accueil` (one answered, one abandoned), one of `cab-b-accueil`, one of an unlisted queue.
    static let queueLog = """
        1770000000|NONE|NONE|NONE|QUEUESTART|
        1770000010|a1|cab-a-accueil|NONE|ENTERQUEUE||0612345601|1
        1770000015|a1|cab-a-accueil|Local/101@agents|CONNECT|5|a1-b|3
        1770000135|a1|cab-a-accueil|Local/101@agents|COMPLETEAGENT|5|120|1
        1770000200|b1|cab-b-accueil|NONE|ENTERQUEUE||0612345602|1
        1770000212|b1|cab-b-accueil|Local/102@agents|CONNECT|12|b1-b|4
        1770000412|b1|cab-b-accueil|Local/102@agents|COMPLETECALLER|12|200|1
        1770000300|a2|cab-a-accueil|NONE|ENTERQUEUE||0612345603|1
        1770000305|a2|cab-a-accueil|NONE|ABANDON|1|1|5
        1770000400|x1|standard-general|NONE|ENTERQUEUE||0612345604|1
        1770000410|x1|standard-general|NONE|ABANDON|1|1|10

        """

    static let routing = try! KPIImporter.Routing([("cab-a", ["cab-a-accueil", "cab-a-secretariat"]), ("cab-b", ["cab-b-accueil"])])

    /// Stored call ids per practice.
    static func stored(_ store: Store) async throws -> [String: [String]] {
        try await store.read { db in
            var out: [String: [String]] = [:]
            for row in try db.rows("SELECT practiceId, callId FROM kpi_call ORDER BY practiceId, callId") {
                out[row[0], default: []].append(row[1])
            }
            return out
        }
    }

    @Test func aQueueLogOfTwoQueuesLandsInTheirPracticesAndAnUnlistedQueueIsReported() async throws {
        let store = try await KPIHarness().host.store
        let summary = try await KPIImporter().importFile(
            try StreamingImportTests.write(Self.queueLog), format: .queueLog, into: store, practiceId: "unused", routing: Self.routing, now: Date())
        #expect(try await Self.stored(store) == ["cab-a": ["a1", "a2"], "cab-b": ["b1"]])
        #expect(summary.parsed == 4 && summary.imported == 3 && summary.duplicates == 0)
        #expect(summary.practices?["cab-a"] == KPIImporter.PracticeTally(parsed: 2, imported: 2))
        #expect(summary.practices?["cab-b"] == KPIImporter.PracticeTally(parsed: 1, imported: 1))
        #expect(summary.unrouted?.queues == ["standard-general": 1] && summary.unrouted?.count == 1)

        // Again: duplicates, in each practice.
        let again = try await KPIImporter().importFile(
            try StreamingImportTests.write(Self.queueLog), format: .queueLog, into: store, practiceId: "unused", routing: Self.routing, now: Date())
        #expect(again.imported == 0 && again.duplicates == 3 && again.practices?["cab-a"]?.duplicates == 2)
    }

    @Test func aCSVRowGoesToThePracticeItNamesElseByItsQueue() async throws {
        let csv = """
            call_id,queue,offered_at,answered_at,ended_at,practice
            c1,standard-general,2026-03-02T09:00:00+01:00,2026-03-02T09:00:10+01:00,2026-03-02T09:02:00+01:00,cab-b
            c2,cab-a-accueil,2026-03-02T09:05:00+01:00,,,
            c3,cab-a-accueil,2026-03-02T09:06:00+01:00,,,cab-z
            c4,nowhere,2026-03-02T09:07:00+01:00,,,

            """
        let store = try await KPIHarness().host.store
        let summary = try await KPIImporter().importFile(
            try StreamingImportTests.write(csv), format: .csv, into: store, practiceId: "unused", routing: Self.routing, now: Date())
        #expect(try await Self.stored(store) == ["cab-a": ["c2"], "cab-b": ["c1"]])
        #expect(summary.unrouted == KPIImporter.Unrouted(queues: ["nowhere": 1], practices: ["cab-z": 1]))
        #expect(summary.parsed == 4 && summary.imported == 2)
    }

    @Test func withoutRoutingARowNamingAnotherPracticeIsCountedNotStored() async throws {
        let csv = """
            call_id,queue,offered_at,practice
            c1,accueil,2026-03-02T09:00:00+01:00,\(KernelHost.defaultPracticeId)
            c2,accueil,2026-03-02T09:05:00+01:00,
            c3,accueil,2026-03-02T09:06:00+01:00,cab-b

            """
        let store = try await KPIHarness().host.store
        let summary = try await KPIImporter().importFile(
            try StreamingImportTests.write(csv), format: .csv, into: store, practiceId: KernelHost.defaultPracticeId, now: Date())
        #expect(try await Self.stored(store) == [KernelHost.defaultPracticeId: ["c1", "c2"]])
        #expect(summary.unrouted?.practices == ["cab-b": 1] && summary.imported == 2 && summary.practices == nil)
    }

    @Test func kpiImportRefusesACSVNamingAnotherPractice() async throws {
        let harness = try await KPIHarness()
        let practice = harness.host.practiceId
        let own = """
            call_id,queue,offered_at,practice
            c1,accueil,2026-03-02T09:00:00+01:00,\(practice)
            """
        let imported = try await harness.call("kpi.import", ["format": "csv", "content": .string(own)]).get()
        #expect(imported["imported"] == 1)
        let other = own + "\nc2,accueil,2026-03-02T09:05:00+01:00,cab-b"
        guard case .failure(let error) = await harness.call("kpi.import", ["format": "csv", "content": .string(other)]) else {
            Issue.record("a row of another practice was accepted")
            return
        }
        #expect(error.code == .unprocessable && error.data?["field"] == "content" && error.message.contains("line 3"), "\(error)")
        #expect(try await Self.stored(harness.host.store) == [practice: ["c1"]], "nothing of the refused content stored")
    }

    @Test func twoPracticesListingOneQueueIsRefused() {
        #expect(throws: KPIImporter.Routing.Conflict(queue: "accueil", practices: ["cab-a", "cab-b"])) {
            try KPIImporter.Routing([("cab-a", ["accueil"]), ("cab-b", ["accueil"])])
        }
    }
}
