import Foundation
import Kernel
import PermanenceTesting
import Testing

@testable import Notify

/// Outbox rows claimed under a node's lease, on either engine: what several nodes sharing one
/// PostgreSQL database rely on (and one SQLite process as well).
@Suite("Outbox leases: nodes sharing a database", .serialized)
struct OutboxLeaseTests {
    static let t0 = NotifyHarness.t0

    /// A fresh store with Notify's tables (a host with Notify installed on it), and the id of a
    /// practice the host does not serve: no worker claims its rows but the test's.
    func withOutbox(_ body: (Store, String) async throws -> Void) async throws {
        let yaml = NotifyDeliveryTests.config([("cabinet", "http://127.0.0.1:9/hook", "['*']")])
        let harness = try await NotifyHarness(yaml: yaml)
        do {
            try await body(harness.host.store, "lease-test")
        } catch {
            await harness.shutdown()
            throw error
        }
        await harness.shutdown()
    }

    func enqueue(_ count: Int, in store: Store, practiceId: String) async throws {
        try await store.write { db in
            for _ in 0..<count { _ = try Outbox.enqueue(NotifyHarness.webhook(to: "cabinet"), practiceId: practiceId, in: db, now: Self.t0) }
        }
    }

    func claim(_ node: String, at offset: TimeInterval, limit: Int, in store: Store, practiceId: String) async throws -> [OutboxMessage] {
        let now = Self.t0.addingTimeInterval(offset)
        return try await store.write { db in
            try OutboxStore.claimDue(
                db, practiceId: practiceId, now: now, limit: limit, endpoints: [], disabled: [], node: node, leaseUntil: now.addingTimeInterval(60))
        }
    }

    @Test("a node's rows stay its own while its lease runs; then another node takes them; at start a node takes back only its own")
    func leases() async throws {
        try await withOutbox { store, practiceId in
            try await enqueue(6, in: store, practiceId: practiceId)
            let byA = try await claim("node-a", at: 0, limit: 4, in: store, practiceId: practiceId)
            #expect(byA.count == 4)
            // Node B, 30 s later, gets only the two rows A did not take.
            let byB = try await claim("node-b", at: 30, limit: 10, in: store, practiceId: practiceId)
            #expect(byB.count == 2)
            #expect(Set(byA.map(\.rowID)).isDisjoint(with: byB.map(\.rowID)))
            // What B waits for next: the end of A's lease, not its own (later) one.
            let next = try await store.read { db in try OutboxStore.nextDue(db, practiceId: practiceId) }
            #expect(next == Self.t0.addingTimeInterval(60))
            // A restarting node C takes back nothing of A's or B's.
            let (cLeft, recoveredByC) = try await store.write { db in
                (
                    try OutboxStore.hasInflight(db, practiceId: practiceId, node: "node-c"),
                    try OutboxStore.recoverInflight(db, practiceId: practiceId, node: "node-c", now: Self.t0.addingTimeInterval(31))
                )
            }
            #expect(!cLeft)
            #expect(recoveredByC == 0)
            // Once A's lease has run out (A died), B's next pass takes A's four rows, with their webhook-ids.
            #expect(try await claim("node-b", at: 59, limit: 10, in: store, practiceId: practiceId).isEmpty)
            let taken = try await claim("node-b", at: 61, limit: 10, in: store, practiceId: practiceId)
            #expect(Set(taken.map(\.messageId)) == Set(byA.map(\.messageId)))
            let holders = try await store.read { db in
                try db.values(String.self, "SELECT DISTINCT leasedBy FROM outbox WHERE practiceId = ? AND status = 'inflight'", [practiceId])
            }
            #expect(holders == ["node-b"])
            // B restarting takes back its six rows at once.
            let recoveredByB = try await store.write { db in
                try OutboxStore.recoverInflight(db, practiceId: practiceId, node: "node-b", now: Self.t0.addingTimeInterval(62))
            }
            #expect(recoveredByB == 6)
        }
    }

    @Test("eight claims at once take 40 rows between them, none twice")
    func concurrentClaimsAreDisjoint() async throws {
        try await withOutbox { store, practiceId in
            try await enqueue(40, in: store, practiceId: practiceId)
            let claimed = try await withThrowingTaskGroup(of: [Int64].self) { group in
                for i in 0..<8 {
                    group.addTask { try await claim("node-\(i)", at: 1, limit: 5, in: store, practiceId: practiceId).map(\.rowID) }
                }
                var all: [Int64] = []
                for try await ids in group { all += ids }
                return all
            }
            #expect(claimed.count == 40)
            #expect(Set(claimed).count == 40, "a row was claimed by two nodes")
        }
    }
}
