import Foundation
import GRDB
import JSONRPC
import Kernel
import PermanenceTesting
import Practice
import Testing

@testable import KPI

/// Imported calls belong to a practice: two hosts on one database file (practices `cab-a` and
/// `cab-b`) each import and count their own calls only, the same file imported by both gives each
/// its own records, and a database written before records carried their practice keeps them all
/// for the practice that owned it.
struct KPIPracticesTests {
    static let now = "2026-03-10T08:00:00+01:00"
    static let march: JSONValue = ["from": "2026-03-01T00:00:00+01:00", "to": "2026-03-10T00:00:00+01:00"]
    static let csv = """
        call_id,queue,channel,offered_at,answered_at,ended_at,abandoned_at,agent,motive,caller
        c1,cabinet,phone,2026-03-02T09:00:00+01:00,2026-03-02T09:00:12+01:00,2026-03-02T09:03:12+01:00,,sophie,rendez-vous,0612345601
        c2,cabinet,phone,2026-03-02T09:05:00+01:00,,2026-03-02T09:05:40+01:00,2026-03-02T09:05:40+01:00,,ordonnance,
        c3,cabinet,phone,2026-03-03T10:00:00+01:00,2026-03-03T10:00:05+01:00,2026-03-03T10:04:05+01:00,,sophie,resultats,

        """

    /// A host of the example practice under `practiceId` (none: `default`) with the KPI plugin, on the file at `path`.
    static func server(_ practiceId: String?, path: String) async throws -> TestServer {
        try await TestServer(
            yaml: PracticeDatabase.example(ExamplePractice.yaml, practiceId: practiceId), now: RFC3339.parse(now)!, store: try Store(path: path)
        ) { doc in
            let practice = try PracticePlugin(configuration: doc)
            return [practice, try KPIPlugin(configuration: doc, directory: practice.directory)]
        }
    }

    static func importCSV(_ server: TestServer) async throws -> JSONValue {
        try await server.call("kpi.import", ["format": "csv", "content": .string(csv)], role: .admin)
    }

    static func offered(_ server: TestServer) async throws -> JSONValue? {
        try await server.call("kpi.summary", march, role: .admin)["offered"]
    }

    @Test func eachPracticeImportsAndCountsItsOwnCalls() async throws {
        let path = try PracticeDatabase.temporaryPath()
        let a = try await Self.server("cab-a", path: path)
        let b = try await Self.server("cab-b", path: path)
        #expect(try await Self.importCSV(a)["imported"] == 3)
        #expect(try await Self.offered(a) == 3)
        #expect(try await Self.offered(b) == 0)
        // Without history of its own, B's staffing takes the configured handle time.
        let staffing: JSONValue = ["horizonDays": 1, "start": "2026-03-10"]
        #expect(try await a.call("kpi.staffing", staffing, role: .admin)["ahtSource"] == "history")
        #expect(try await b.call("kpi.staffing", staffing, role: .admin)["ahtSource"] == "configuration")

        // The same file in B: B's own records, not duplicates of A's.
        let inB = try await Self.importCSV(b)
        #expect(inB["imported"] == 3)
        #expect(inB["duplicates"] == 0)
        #expect(try await Self.importCSV(a)["duplicates"] == 3)
        #expect(try await Self.offered(a) == 3)
        #expect(try await Self.offered(b) == 3)
        let tags = try await a.host.store.read { db in
            try db.rows("SELECT practiceId, COUNT(*) AS n FROM kpi_call GROUP BY practiceId ORDER BY practiceId").map {
                "\($0["practiceId"] as String)=\($0["n"] as Int)"
            }
        }
        #expect(tags == ["cab-a=3", "cab-b=3"])
        await a.stop()
        await b.stop()
    }

    @Test func theRetentionPurgeOfOnePracticeKeepsTheOthersCalls() async throws {
        let path = try PracticeDatabase.temporaryPath()
        let a = try await Self.server("cab-a", path: path)
        let b = try await Self.server("cab-b", path: path)
        _ = try await Self.importCSV(a)
        _ = try await Self.importCSV(b)
        let purged = try await b.host.store.write { db in
            try CallRecordPersonalData(practiceId: b.host.practiceId).purge(RetentionPolicy.defaults, now: RFC3339.parse("2030-01-01T00:00:00Z")!, in: db)
        }
        #expect(purged["callRecords"] == 3)
        #expect(try await Self.offered(b) == 0)
        #expect(try await Self.offered(a) == 3)
        await a.stop()
        await b.stop()
    }

    @Test func aDatabaseOfOnePracticeKeepsItsCallsAfterTheUpgrade() async throws {
        let path = try PracticeDatabase.copyOfFixture("single-practice-v1.sqlite")
        // Calls imported by the release before, in its table's shape (no practice).
        let old = try DatabaseQueue(path: path)
        try await old.write { db in
            try db.run(
                """
                INSERT INTO kpi_call(dedupKey, callId, queue, channel, motive, offeredAt, answeredAt, endedAt, abandonedAt, waitSeconds,
                  talkSeconds, agent, outcome, ringNoAnswerCount, importedAt)
                VALUES ('cabinet|c1|1772438400', 'c1', 'cabinet', 'phone', 'rendez-vous', 1772438400, 1772438412, 1772438592, NULL, 12, 180,
                        'sophie', 'answered', 0, 1772438600),
                       ('cabinet|c2|1772438700', 'c2', 'cabinet', 'phone', NULL, 1772438700.5, NULL, NULL, 1772438740, 40, NULL, NULL,
                        'abandoned', 0, 1772438800)
                """)
        }
        try old.close()

        let owner = try await Self.server(nil, path: path)
        let tags = try await owner.host.store.read { db in try db.values(String.self, "SELECT practiceId FROM kpi_call") }
        #expect(tags == ["default", "default"])
        // Each record's key second is the one its dedup key ends with (rounded down).
        let seconds = try await owner.host.store.read { db in
            try db.values(Int.self, "SELECT offeredSecond FROM kpi_call WHERE dedupKey = queue || '|' || callId || '|' || offeredSecond ORDER BY 1")
        }
        #expect(seconds == [1_772_438_400, 1_772_438_700])
        #expect(try await Self.offered(owner) == 2)
        // Importing the same calls again adds nothing: the key still finds them.
        let again = try await owner.call(
            "kpi.import",
            [
                "format": "csv",
                "content": """
                call_id,queue,channel,offered_at,answered_at,ended_at,abandoned_at,agent,motive,caller
                c1,cabinet,phone,2026-03-02T09:00:00+01:00,2026-03-02T09:00:12+01:00,2026-03-02T09:03:00+01:00,,sophie,rendez-vous,

                """
            ], role: .admin)
        #expect(again["duplicates"] == 1)

        let other = try await Self.server("other", path: path)
        #expect(try await Self.offered(other) == 0)
        await other.stop()
        await owner.stop()
    }
}
