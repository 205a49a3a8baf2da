import Foundation
import GRDB
import JSONRPC
import PermanenceTesting
import RPCTestSupport
import Testing

@testable import Kernel

/// Two practices, `cab-a` and `cab-b`, on one database file, each host with its own store (as two
/// nodes of one service): the audit trail and the outbox of one are neither seen, nor exported,
/// erased or purged through the other.
@Suite struct KernelSeparationTests {
    static func hosts() async throws -> (a: TestHost, b: TestHost) {
        let path = try PracticeDatabase.temporaryPath()
        let a = try await TestHost(yaml: "practice: {id: cab-a, name: A, timezone: Europe/Paris}", store: try Store(path: path))
        let b = try await TestHost(yaml: "practice: {id: cab-b, name: B, timezone: Europe/Paris}", store: try Store(path: path))
        return (a, b)
    }

    static let subject = PersonalDataSubject(patientId: "pat_1", phones: ["+33645871203"], identifiers: ["Hélène Lefèvre"])

    /// In `t`'s practice: an SMS to the subject, delivered long ago, and a call that changed something (audited).
    static func seed(_ t: TestHost) async throws {
        let now = t.clock.now()
        let practiceId = t.host.practiceId
        try await t.host.store.write { db in
            try Outbox.enqueue(
                .init(channel: "sms", destination: "+33645871203", event: "notify.test", payload: "Bonjour Hélène Lefèvre", urgency: .normal),
                practiceId: practiceId, in: db, now: now.addingTimeInterval(-400 * 86_400))
            try db.run("UPDATE outbox SET status = 'delivered' WHERE practiceId = ?", [practiceId])
            try AuditLog.record(
                at: now.addingTimeInterval(-400 * 86_400), actor: "feed", role: .practitioner, method: "http GET /calendars",
                params: ["patientId": "pat_1"], practiceId: practiceId, in: db)
        }
        let r = try await t.call("kernel.clock.set", ["advanceSeconds": 0], session: t.session())
        #expect(r["error"] == nil)
    }

    @Test func theAuditTrailAndTheOutboxAreEachPracticesOwn() async throws {
        let (a, b) = try await Self.hosts()
        try await Self.seed(a)
        // The dispatcher wrote A's audit row of the change in A's trail.
        #expect(try await a.host.audit.entries(method: "kernel.clock.set").count == 1)
        #expect(try await b.host.audit.entries(method: "kernel.clock.set").isEmpty)
        let trailB = try await b.call("kernel.audit", session: b.session())
        #expect(trailB["result"]?["items"] == [])
        #expect(try await a.call("kernel.audit", session: a.session())["result"]?["items"]?.arrayValue?.count == 2)
        #expect(try await b.call("kernel.status", session: b.session())["result"]?["outbox"]?["delivered"] == 0)
        #expect(try await a.call("kernel.status", session: a.session())["result"]?["outbox"]?["delivered"] == 1)

        // B's export and erasure of the same subject find nothing of A's.
        let exportedB = try await b.host.store.read { db in try b.host.personalData.export(Self.subject, in: db) }
        #expect(exportedB["outbox"] == [] && exportedB["audit"] == [])
        let now = b.clock.now()
        let erasedB = try await b.host.store.write { db in try b.host.personalData.erase(Self.subject, at: now, in: db) }
        #expect(erasedB["outbox"] == 0)
        let exportedA = try await a.host.store.read { db in try a.host.personalData.export(Self.subject, in: db) }
        #expect(exportedA["outbox"]?.arrayValue?.first?["payload"] == "Bonjour Hélène Lefèvre")
        #expect(exportedA["audit"]?.arrayValue?.count == 1)
    }

    @Test func aPracticesRetentionPurgeRemovesItsOwnRowsOnly() async throws {
        let (a, b) = try await Self.hosts()
        try await Self.seed(a)
        try await Self.seed(b)
        let countsB = try await RetentionJob(policy: .defaults).run(host: b.host)
        #expect(countsB["outbox"] == 1 && countsB["audit"] == 1)
        let left = try await a.host.store.read { db in
            try db.rows("SELECT practiceId, count(*) AS n FROM outbox GROUP BY practiceId").map { [$0["practiceId"] as String: $0["n"] as Int] }
        }
        #expect(left == [["cab-a": 1]])
        #expect(try await a.host.audit.entries(method: "http GET /calendars").count == 1)
        #expect(try await b.host.audit.entries(method: "privacy.retention").count == 1)
        #expect(try await a.host.audit.entries(method: "privacy.retention").isEmpty)
    }

    /// Every node sharing a database has the daily run: the first purges, the others (same day) skip.
    @Test func aDailyRunSkipsWhenAnotherNodesRanLessThanMostOfADayAgo() async throws {
        let (a, _) = try await Self.hosts()
        let clock = a.clock
        let nodeA = RetentionJob(policy: .defaults)
        let nodeB = RetentionJob(policy: .defaults)
        #expect(try await nodeA.runScheduled(host: a.host) != nil)
        #expect(try await nodeB.runScheduled(host: a.host) == nil, "node B's run, the same day, is skipped")
        clock.advance(by: 86_400 * 0.8)
        #expect(try await nodeB.runScheduled(host: a.host) == nil)
        clock.advance(by: 86_400 * 0.2)
        #expect(try await nodeB.runScheduled(host: a.host) != nil, "a day later, the next run purges")
        // `privacy.purge` (an admin's run) is never skipped.
        #expect(try await nodeA.run(host: a.host, actor: "admin").isEmpty == false)
        #expect(try await a.host.audit.entries(method: "privacy.retention").count == 3)
    }

    @Test func theDatabaseOwnerIsTheFirstPracticeAndTheColumnHasNoPracticeByDefault() async throws {
        let (a, _) = try await Self.hosts()
        let (owner, column) = try await a.host.store.read { db in
            (
                try db.value(String.self, "SELECT practiceId FROM kernel_database_owner"),
                try db.rows("PRAGMA table_info(outbox)").first { ($0["name"] as String) == "practiceId" }?["dflt_value"] as String?
            )
        }
        #expect(owner == "cab-a")
        #expect(column == "''")
    }
}

/// A database written before rows carried their practice, opened by this code.
@Suite struct KernelUpgradeTests {
    @Test func theTrailAndTheOutboxAreKeptForTheOwnerAndAnotherPracticeSeesNone() async throws {
        let path = try PracticeDatabase.singlePracticeV1()
        let owner = try await TestHost(yaml: "practice: {name: Tilleuls, timezone: Europe/Paris}", store: try Store(path: path))
        #expect(owner.host.practiceId == "default")
        let (counts, practices) = try await owner.host.store.read { db in
            (
                try ["kernel_audit", "outbox", "outbox_attempt"].map { try db.value(Int.self, "SELECT count(*) FROM \($0)") ?? 0 },
                try ["kernel_audit", "outbox", "outbox_attempt"].flatMap { try db.values(String.self, "SELECT DISTINCT practiceId FROM \($0)") }
            )
        }
        #expect(counts.allSatisfy { $0 > 0 })
        #expect(Set(practices) == ["default"])
        let trail = try await owner.call("kernel.audit", ["limit": 100], session: owner.session())
        #expect(trail["result"]?["items"]?.arrayValue?.count == counts[0])
        let backlog = try await owner.call("kernel.status", session: owner.session())["result"]?["outbox"]
        #expect((backlog?.objectValue?.compactMap { $0.value.intValue }.reduce(0, +) ?? 0) >= counts[1])

        let other = try await TestHost(yaml: "practice: {id: other, name: Autre, timezone: Europe/Paris}", store: try Store(path: path))
        #expect(try await other.call("kernel.audit", session: other.session())["result"]?["items"] == [])
        let otherBacklog = try await other.call("kernel.status", session: other.session())["result"]?["outbox"]
        #expect(otherBacklog?.objectValue?.compactMap { $0.value.intValue }.reduce(0, +) == 0)
    }
}
