import Foundation
import Kernel
import PostgresStore
import Synchronization
import Testing

/// A `Store` standing on a database server: what SQLite's single writer and transaction observers
/// gave for free, said explicitly.
@Suite(.postgresCluster)
struct ServerStoreTests {
    static let item = Outbox.Item(channel: "webhook", destination: "*", event: "agenda.booked", payload: "{}", urgency: .normal, reference: nil)

    /// A store on a fresh database of the suite's cluster, with the kernel's tables.
    static func withServerStore(connections: Int = 4, _ body: (Store) async throws -> Void) async throws {
        try await withPostgres(connections: connections) { database in
            let store = Store(server: database)
            var schema = SchemaMigrations()
            KernelSchema.register(&schema)
            try await store.migrate(schema: schema)
            try await body(store)
        }
    }

    private struct Abandoned: Error {}

    @Test func anOutboxRowWakesItsPracticeOnceCommittedAndNeverAfterARollback() async throws {
        try await Self.withServerStore { store in
            let (a, b) = (WakeSignal(), WakeSignal())
            store.wakeOnOutboxInsert(a, practiceId: "cab-a")
            store.wakeOnOutboxInsert(b, practiceId: "cab-b")
            await #expect(throws: Abandoned.self) {
                try await store.write { db -> Int64 in
                    _ = try Outbox.enqueue(Self.item, practiceId: "cab-a", in: db, now: Date())
                    throw Abandoned()
                }
            }
            #expect(!a.isPending && !b.isPending, "a rolled-back insert wakes nobody")
            _ = try await store.write { db in try Outbox.enqueue(Self.item, practiceId: "cab-a", in: db, now: Date()) }
            #expect(a.isPending, "cab-a's worker is woken")
            #expect(!b.isPending, "cab-b's is not")
        }
    }

    @Test func anOutboxRowOfAnUndoneSavepointWakesNobody() async throws {
        try await Self.withServerStore { store in
            let (a, b) = (WakeSignal(), WakeSignal())
            store.wakeOnOutboxInsert(a, practiceId: "cab-a")
            store.wakeOnOutboxInsert(b, practiceId: "cab-b")
            try await store.write { db in
                _ = try? db.savepoint {
                    _ = try Outbox.enqueue(Self.item, practiceId: "cab-a", in: db, now: Date())
                    throw Abandoned()
                }
                _ = try db.savepoint { try Outbox.enqueue(Self.item, practiceId: "cab-b", in: db, now: Date()) }
            }
            #expect(!a.isPending, "the undone insert wakes nobody")
            #expect(b.isPending, "the kept one wakes its practice")
        }
    }

    /// Read, then write what was read plus one: twenty transactions side by side on four connections
    /// each see the one before when they hold the same key, so every number is taken once.
    @Test func transactionsHoldingOneKeyFollowEachOther() async throws {
        try await Self.withServerStore { store in
            try await store.write { db in try db.run("CREATE TABLE ticket(n BIGINT NOT NULL)") }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        try await store.write { db in
                            try db.serialize(["ticket"])
                            let last = try db.value(Int64.self, "SELECT COALESCE(MAX(n), 0) FROM ticket") ?? 0
                            try db.run("INSERT INTO ticket(n) VALUES (?)", [last + 1])
                        }
                    }
                }
                try await group.waitForAll()
            }
            let numbers = try await store.read { db in try db.values(Int64.self, "SELECT n FROM ticket ORDER BY n") }
            #expect(numbers == Array(1...20))
        }
    }

    @Test func codeThatCannotAwaitReadsAndWritesFromAnyThread() async throws {
        try await Self.withServerStore { store in
            try store.writeWaiting { db in try db.run("CREATE TABLE note(text TEXT NOT NULL)") }
            try store.writeWaiting { db in try db.run("INSERT INTO note(text) VALUES ('lu')") }
            #expect(try store.readWaiting { db in try db.value(String.self, "SELECT text FROM note") } == "lu")
            #expect(try store.peekSnapshot { db in try db.value(Int.self, "SELECT COUNT(*) FROM note") } == 1)
            #expect(store.engine == .postgresql && !store.observesCommits)
        }
    }
}
