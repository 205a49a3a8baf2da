import Foundation
import Kernel
import PostgresStore
import Synchronization
import Testing

/// What the PostgreSQL side adds to the seam: SQLSTATEs read as `StoreFailure`s (a real
/// serialization failure among them), transactions on a pool of threads and connections, a COMMIT
/// that the server turned into a ROLLBACK, and columns of a type the store does not read.
@Suite(.postgresCluster) struct PostgresDatabaseTests {
    @Test func serverErrorsAreClassifiedAndDescribed() async throws {
        try await withPostgres { database in
            try await database.write { connection in
                try connection.run("CREATE TABLE t(k TEXT PRIMARY KEY, v BIGINT NOT NULL)")
                try connection.run("INSERT INTO t VALUES ('secret-key', 1)")
                func error(_ sql: String, _ arguments: StoreArguments = []) -> PostgresError? {
                    do {
                        try connection.savepoint { try connection.run(sql, arguments) }
                        return nil
                    } catch {
                        return error as? PostgresError
                    }
                }
                let duplicate = try #require(error("INSERT INTO t VALUES (?, ?)", ["secret-key", 2]))
                #expect(duplicate.sqlState == "23505")
                #expect(StoreFailure(duplicate) == .uniqueViolation)
                #expect(duplicate.description.contains("duplicate key value violates unique constraint"))
                #expect(duplicate.description.contains("INSERT INTO t VALUES (?, ?)"))
                #expect(!duplicate.description.contains("secret-key"), "the server's detail quotes the values: it stays out")
                #expect(duplicate.detail?.contains("secret-key") == true)
                let missing = try #require(error("INSERT INTO t VALUES ('b', NULL)"))
                #expect(missing.sqlState == "23502")
                #expect(StoreFailure(missing) == .constraintViolation)
                #expect(StoreFailure(try #require(error("SELECT nonsense FROM t"))) == .other)
            }
        }
    }

    /// Two SERIALIZABLE transactions each read the whole table and insert into it: the second to commit
    /// is refused with 40001, read as retryable.
    /// Two SERIALIZABLE transactions each read then insert what they read: the second to commit
    /// fails (40001, retryable), is run again whole by the database, and then sees the first.
    @Test func aSerializationFailureIsRunAgainAndThenSeesTheOtherCommit() async throws {
        try await withPostgres(connections: 2) { database in
            try await database.write { connection in try connection.run("CREATE TABLE t(v BIGINT)") }
            let firstHasRead = DispatchSemaphore(value: 0)
            let secondHasRead = DispatchSemaphore(value: 0)
            let firstCommitted = DispatchSemaphore(value: 0)
            let secondRuns = Atomic<Int>(0)
            @Sendable func readThenInsert(_ connection: any StoreConnection, read: DispatchSemaphore?, wait: DispatchSemaphore?) throws {
                try connection.run("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE")
                let count = try connection.value(Int.self, "SELECT count(*) FROM t") ?? -1
                read?.signal()
                if let wait, wait.wait(timeout: .now() + 20) != .success { throw CancellationError() }
                try connection.run("INSERT INTO t VALUES (?)", [count])
            }
            async let second: Void = database.write { connection in
                // The first run meets the first transaction half-way; the run after the failure goes straight through.
                guard secondRuns.add(1, ordering: .relaxed).newValue == 1 else { return try readThenInsert(connection, read: nil, wait: nil) }
                guard firstHasRead.wait(timeout: .now() + 20) == .success else { throw CancellationError() }
                try readThenInsert(connection, read: secondHasRead, wait: firstCommitted)
            }
            try await database.write { connection in try readThenInsert(connection, read: firstHasRead, wait: secondHasRead) }
            firstCommitted.signal()
            try await second
            #expect(secondRuns.load(ordering: .relaxed) == 2, "the second transaction failed once and ran again")
            #expect(try await database.read { try $0.values(Int.self, "SELECT v FROM t ORDER BY v") } == [0, 1])
        }
    }

    /// An error PostgreSQL classifies as retryable is one for the modules too.
    @Test func aSerializationFailureIsRetryable() {
        let failure = PostgresError(sqlState: "40001", message: "could not serialize access", sql: "INSERT")
        #expect(StoreFailure(failure) == .retryable)
        #expect(StoreFailure(PostgresError(sqlState: "40P01", message: "deadlock detected", sql: "SELECT")) == .retryable)
    }

    /// Sixteen writers on four connections: four run at once (each waits inside its transaction until
    /// four are in), never more, and all sixteen commit.
    @Test func concurrentWritesQueueForThePoolAndAllCommit() async throws {
        try await withPostgres(connections: 4) { database in
            try await database.write { connection in try connection.run("CREATE TABLE t(n BIGINT PRIMARY KEY)") }
            let inside = Occupancy()
            let fourInside = DispatchSemaphore(value: 0)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for n in 0..<16 {
                    group.addTask {
                        try await database.write { connection in
                            let entered = inside.state.withLock { state in
                                state.now += 1
                                state.entered += 1
                                state.most = max(state.most, state.now)
                                return state.entered
                            }
                            if entered == 4 { for _ in 0..<3 { fourInside.signal() } }
                            if entered < 4 { _ = fourInside.wait(timeout: .now() + 20) }
                            try connection.run("INSERT INTO t VALUES (?)", [n])
                            inside.state.withLock { $0.now -= 1 }
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(inside.state.withLock { $0.most } == 4)
            let committed = try await database.read { try $0.values(Int.self, "SELECT n FROM t ORDER BY n") }
            #expect(committed == Array(0..<16))
        }
    }

    /// A failure caught without a savepoint leaves PostgreSQL's transaction failed: its COMMIT is a
    /// ROLLBACK, and `write` says so rather than return as if it had committed.
    @Test func aTransactionThatFailedInsideIsNotReportedAsCommitted() async throws {
        try await withPostgres { database in
            try await database.write { connection in try connection.run("CREATE TABLE t(k TEXT PRIMARY KEY)") }
            await #expect(throws: PostgresDatabase.RolledBack.self) {
                try await database.write { connection in
                    try connection.run("INSERT INTO t VALUES ('a')")
                    try? connection.run("INSERT INTO t VALUES ('a')")
                }
            }
            #expect(try await database.read { try $0.value(Int.self, "SELECT count(*) FROM t") } == 0)
            await #expect(throws: PostgresError.self) {
                try await database.read { connection in try connection.run("CREATE TABLE u(k TEXT)") }
            }
        }
    }

    @Test func aColumnOfAnotherTypeIsRefusedByName() async throws {
        try await withPostgres { database in
            let error = await #expect(throws: PostgresError.self) {
                try await database.read { connection in try connection.row("SELECT now() AS stamp") }
            }
            #expect(error?.description.contains("stamp") == true)
            #expect(error?.description.contains("timestamptz") == true)
        }
    }

    @Test func aConnectionTheServerClosedIsOpenedAgain() async throws {
        try await withPostgres(connections: 1) { database in
            let pid = try await database.read { try $0.value(Int.self, "SELECT pg_backend_pid()") }
            try await withPostgres(connections: 1) { other in
                _ = try await other.write { try $0.value(Bool.self, "SELECT pg_terminate_backend(?::int)", [pid]) }
            }
            // The first transaction may meet the closed socket before the client has noticed it.
            var answered: Int?
            for _ in 0..<2 where answered == nil {
                answered = try? await database.read { try $0.value(Int.self, "SELECT pg_backend_pid()") }
            }
            #expect(answered != nil && answered != pid)
        }
    }
}

/// How many transactions are inside at once, the most seen, and how many have entered.
private final class Occupancy: Sendable {
    let state = Mutex((now: 0, most: 0, entered: 0))
}
