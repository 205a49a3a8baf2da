import Foundation
import GRDB
import JSONRPC
import Kernel
import Synchronization
import Testing

/// Concurrent writes through `Store.write`: each keeps its own outcome, and all that succeed are stored.
@Suite struct GroupCommitTests {
    static func store(file: Bool) throws -> (Store, URL?) {
        guard file else { return (try Store(), nil) }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("permanence-group-commit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return (try Store(path: dir.appendingPathComponent("db.sqlite").path), dir)
    }

    @Test(arguments: [false, true])
    func concurrentWritesAllCommitAndAFailureRollsBackOnlyItself(onFile: Bool) async throws {
        let (store, dir) = try Self.store(file: onFile)
        defer { if let dir { try? FileManager.default.removeItem(at: dir) } }
        try await store.write { db in try db.run("CREATE TABLE t(n INTEGER PRIMARY KEY, label TEXT NOT NULL)") }
        // 200 writers at once; every seventh inserts a row and then fails.
        let outcomes = await withTaskGroup(of: (Int, Bool).self) { group in
            for n in 0..<200 {
                group.addTask {
                    do {
                        try await store.write { db in
                            try db.run("INSERT INTO t(n, label) VALUES (?, ?)", [n, "row \(n)"])
                            if n % 7 == 0 { throw RPCError.conflict("refused \(n)") }
                        }
                        return (n, true)
                    } catch {
                        return (n, false)
                    }
                }
            }
            var all: [Int: Bool] = [:]
            for await (n, ok) in group { all[n] = ok }
            return all
        }
        #expect(outcomes.count == 200)
        #expect(outcomes.allSatisfy { $0.value == ($0.key % 7 != 0) })
        let stored = try await store.read { db in try db.values(Int.self, "SELECT n FROM t ORDER BY n") }
        #expect(stored == (0..<200).filter { $0 % 7 != 0 })
    }

    @Test func resultsReachTheirOwnCaller() async throws {
        let store = try Store()
        try await store.write { db in try db.run("CREATE TABLE t(n INTEGER PRIMARY KEY AUTOINCREMENT, label TEXT)") }
        let ids = try await withThrowingTaskGroup(of: (String, Int64).self) { group in
            for n in 0..<50 {
                group.addTask {
                    let label = "caller \(n)"
                    let id = try await store.write { db -> Int64 in
                        try db.value(Int64.self, "INSERT INTO t(label) VALUES (?) RETURNING n", [label])!
                    }
                    return (label, id)
                }
            }
            var all: [(String, Int64)] = []
            for try await pair in group { all.append(pair) }
            return all
        }
        for (label, id) in ids {
            let stored = try await store.read { db in try db.value(String.self, "SELECT label FROM t WHERE n = ?", [id]) }
            #expect(stored == label)
        }
    }

    @Test func aConstraintErrorIsTheCallersOwn() async throws {
        let store = try Store()
        try await store.write { db in try db.run("CREATE TABLE t(k TEXT PRIMARY KEY)") }
        try await store.write { db in try db.run("INSERT INTO t VALUES ('a')") }
        await #expect(throws: DatabaseError.self) {
            try await store.write { db in try db.run("INSERT INTO t VALUES ('a')") }
        }
        try await store.write { db in try db.run("INSERT INTO t VALUES ('b')") }
        #expect(try await store.read { db in try db.values(String.self, "SELECT k FROM t ORDER BY k") } == ["a", "b"])
    }

    /// Counts the commits of the database it observes.
    final class CommitCounter: TransactionObserver, @unchecked Sendable {
        // Called on the writer's queue only.
        var commits = 0
        func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool { true }
        func databaseDidChange(with event: DatabaseEvent) {}
        func databaseDidCommit(_ db: Database) { commits += 1 }
        func databaseDidRollback(_ db: Database) {}
    }

    /// The point of the group commit: concurrent writers share commits.
    @Test func concurrentWritersShareCommits() async throws {
        let (store, dir) = try Self.store(file: true)
        defer { if let dir { try? FileManager.default.removeItem(at: dir) } }
        try await store.write { db in try db.run("CREATE TABLE t(n INTEGER PRIMARY KEY)") }
        let counter = CommitCounter()
        store.sqlite!.add(transactionObserver: counter, extent: .databaseLifetime)
        await withTaskGroup(of: Void.self) { group in
            for n in 0..<200 {
                group.addTask { _ = try? await store.write { db in try db.run("INSERT INTO t(n) VALUES (?)", [n]) } }
            }
        }
        let stored = try await store.read { db in try db.value(Int.self, "SELECT COUNT(*) FROM t") }
        let commits = try await store.write { _ in counter.commits }
        #expect(stored == 200)
        #expect(commits < 200, "200 concurrent writes took \(commits) commits")
    }

    /// Background batches wait for each other: a call's write submitted while one runs is written
    /// before the batches still waiting (plain writes would all be queued ahead of it).
    @Test(.timeLimit(.minutes(1))) func aCallsWriteWaitsForOneBackgroundBatchAtMost() async throws {
        let store = try Store()
        final class Log: Sendable {
            let lines = Mutex<[String]>([])
            func add(_ line: String) { lines.withLock { $0.append(line) } }
        }
        let order = Log()
        let release = DispatchSemaphore(value: 0)
        let first = await store.heldWrite(background: true, until: release) { _ in order.add("batch 1") }
        var others: [Task<Void, any Error>] = []
        for n in 2...3 {
            others.append(Task { try await store.writeInBackground { _ in order.add("batch \(n)") } })
            while await store.backgroundWritesWaiting < n - 1 { await Task.yield() }
        }
        let call = Task { try await store.write { _ in order.add("call") } }
        while store.writesQueued < 1 { await Task.yield() }
        release.signal()
        try await first.value
        try await call.value
        for t in others { try await t.value }
        #expect(order.lines.withLock { $0 } == ["batch 1", "call", "batch 2", "batch 3"])
    }
}
