import Foundation
import GRDB
import Logging
import Testing

@testable import Kernel

@Suite struct WriteBehindTests {
    @Test func everythingAddedIsCommittedByFlushInFewTransactions() async throws {
        let store = try Store(inMemory: ())
        var migrator = DatabaseMigrator()
        migrator.registerMigration("t") { db in try db.run("CREATE TABLE t(n INTEGER)") }
        try store.migrate(migrator)
        let batches = Counter()
        let rows = WriteBehind(store: store, logger: .init(label: "test"), label: "test", empty: [Int](), isEmpty: \.isEmpty) { db, items in
            batches.add()
            for n in items { try db.run("INSERT INTO t(n) VALUES (?)", [n]) }
        }
        await withTaskGroup(of: Void.self) { group in
            for n in 0..<500 { group.addTask { rows.add { $0.append(n) } } }
        }
        await rows.flush()
        let (count, sum) = try await store.read { db in
            (try db.value(Int.self, "SELECT COUNT(*) FROM t")!, try db.value(Int.self, "SELECT SUM(n) FROM t")!)
        }
        #expect(count == 500)
        #expect(sum == (0..<500).reduce(0, +))
        #expect(batches.value < 500, "one transaction per row: \(batches.value)")
        await rows.flush() // nothing pending: returns at once
    }

    /// Rows added one after the other within the gathering period share one commit, and `flush`
    /// writes them at once rather than waiting the period out (an hour here: the test would hang).
    @Test func aGatheringWriteSharesOneCommitAndFlushDoesNotWaitForIt() async throws {
        let store = try Store(inMemory: ())
        var migrator = DatabaseMigrator()
        migrator.registerMigration("t") { db in try db.run("CREATE TABLE t(n INTEGER)") }
        try store.migrate(migrator)
        let batches = Counter()
        let rows = WriteBehind(
            store: store, logger: .init(label: "test"), label: "test", empty: [Int](), isEmpty: \.isEmpty, gathering: .seconds(3600)
        ) { db, items in
            batches.add()
            for n in items { try db.run("INSERT INTO t(n) VALUES (?)", [n]) }
        }
        for n in 0..<20 { rows.add { $0.append(n) } }
        #expect(try await store.read { db in try db.value(Int.self, "SELECT COUNT(*) FROM t")! } == 0, "gathering, not written yet")
        await rows.flush()
        #expect(try await store.read { db in try db.value(Int.self, "SELECT COUNT(*) FROM t")! } == 20)
        #expect(batches.value == 1)
        rows.add { $0.append(20) }
        await rows.flush()
        #expect(try await store.read { db in try db.value(Int.self, "SELECT COUNT(*) FROM t")! } == 21)
        #expect(batches.value == 2)
    }

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var n = 0
        func add() {
            lock.lock()
            n += 1
            lock.unlock()
        }
        var value: Int {
            lock.lock()
            defer { lock.unlock() }
            return n
        }
    }
}
