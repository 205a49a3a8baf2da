import Foundation
import Kernel
import PermanenceTesting
import Synchronization
import Testing

/// The store seam's contract, on SQLite and on PostgreSQL alike: what a store type writes through
/// `any StoreConnection` is what it reads back, names match whatever their case, a savepoint undoes
/// only its own changes, failures are classified the same, and SQL written in the dialect both accept
/// (placeholders `?`/`?N`, `INDEXED BY` hints, several statements in one text) runs on both.
@Suite(.postgresCluster) struct StoreConnectionTests {
    enum Colour: String, StoreValueConvertible { case red, blue }

    @Test(arguments: engines) func itBindsAndReadsEveryKindOfValue(engine: StoreEngine) async throws {
        try await withDatabase(engine) { database in
            let read = try await database.write { connection in
                #expect(connection.engine == engine)
                let blob = connection.engine == .sqlite ? "BLOB" : "BYTEA"
                try connection.run("CREATE TABLE t(k TEXT PRIMARY KEY, i BIGINT, r DOUBLE PRECISION, b BIGINT, d \(blob), c TEXT, n TEXT)")
                let insert = "INSERT INTO t(k, i, r, b, d, c, n) VALUES (?, ?, ?, ?, ?, ?, ?)"
                try connection.run(insert, ["a", 42, 1.5, true, Data([0, 255]), Colour.blue, nil as String?], cached: true)
                #expect(connection.changedRows == 1)
                try connection.run(insert, ["b", Int64.min, -0.25, false, Data(), Colour.red, "x"], cached: true)
                try connection.run("UPDATE t SET i = i WHERE k IN (?1, ?2)", ["a", "b"])
                #expect(connection.changedRows == 2)
                return try connection.rows("SELECT k AS Key, i, r, b, d, c, n FROM t ORDER BY k")
            }
            #expect(read.count == 2)
            let a = read[0]
            #expect(a["key"] as String == "a")
            #expect(a["KEY"] as String == "a")
            #expect(a["i"] as Int == 42)
            #expect(a["i"] as Double == 42)
            #expect(a["r"] as Double == 1.5)
            #expect(a["b"] as Bool == true)
            #expect(a["d"] as Data == Data([0, 255]))
            #expect(a["c"] as Colour == .blue)
            #expect(a["n"] as String? == nil)
            #expect(a.value("n") == .null)
            #expect(a.hasColumn("missing") == false)
            let b = read[1]
            #expect(b["i"] as Int64 == Int64.min)
            #expect(b["r"] as Double == -0.25)
            #expect(b["b"] as Bool == false)
            #expect(b["d"] as Data? == Data())
            #expect(b[6] as String == "x")
        }
    }

    @Test(arguments: engines) func valuesRowsAndSavepoints(engine: StoreEngine) async throws {
        try await withDatabase(engine) { database in
            try await database.write { connection in
                try connection.run("CREATE TABLE t(k TEXT PRIMARY KEY, v INTEGER)")
                try connection.run("INSERT INTO t(k, v) VALUES ('a', 1), ('b', NULL), ('c', 3)")
                #expect(try connection.values(Int.self, "SELECT v FROM t ORDER BY k") == [1, 3])
                #expect(try connection.value(Int.self, "SELECT count(*) FROM t") == 3)
                #expect(try connection.value(Int.self, "SELECT v FROM t WHERE k = ?", ["zz"]) == nil)
                #expect(try connection.row("SELECT k FROM t ORDER BY k DESC")?["k"] as String? == "c")
                var seen: [String] = []
                try connection.forEachRow("SELECT k FROM t ORDER BY k", [], cached: false) { row in
                    seen.append(row["k"])
                    return seen.count < 2
                }
                #expect(seen == ["a", "b"])
                // A failing savepoint undoes its own insert only; the transaction goes on.
                try connection.run("INSERT INTO t(k, v) VALUES ('d', 4)")
                #expect {
                    try connection.savepoint {
                        try connection.run("INSERT INTO t(k, v) VALUES ('e', 5)")
                        try connection.run("INSERT INTO t(k, v) VALUES ('a', 6)")
                    }
                } throws: { error in
                    StoreFailure(error) == .uniqueViolation
                }
                let kept = try connection.savepoint { try connection.value(Int.self, "SELECT count(*) FROM t") }
                #expect(kept == 4)
            }
            let keys = try await database.read { connection in try connection.values(String.self, "SELECT k FROM t ORDER BY k") }
            #expect(keys == ["a", "b", "c", "d"])
        }
    }

    /// Each failure in a savepoint: on PostgreSQL a failed statement ends the transaction otherwise.
    @Test(arguments: engines) func pageKeysBindAsTheValuesTheyWereReadFrom(engine: StoreEngine) async throws {
        try await withDatabase(engine) { database in
            let next = try await database.write { db in
                try db.run("CREATE TABLE t(at DOUBLE PRECISION, id BIGINT, k TEXT)")
                try db.run("INSERT INTO t VALUES (1.5, 1, 'a'), (1.5, 2, 'b'), (2.0, 3, 'c')")
                let last = try #require(try db.row("SELECT at, id, k FROM t ORDER BY at, id"))
                let key: [PageKey] = [last["at"], last["id"], last["k"]]
                #expect(key == [.real(1.5), .int(1), .text("a")])
                return try db.values(String.self, "SELECT k FROM t WHERE (at, id) > (?, ?) ORDER BY at, id", StoreArguments(key.prefix(2)))
            }
            #expect(next == ["b", "c"])
        }
        #expect(PageKey(storeValue: .null) == nil)
    }

    @Test(arguments: engines) func commitHooksRunAfterACommitOnly(engine: StoreEngine) async throws {
        final class Seen: @unchecked Sendable {
            var values: [Int] = []
        }
        let seen = Seen()
        try await withDatabase(engine) { database in
            try await database.write { db in
                try db.run("CREATE TABLE t(k BIGINT)")
                try db.run("INSERT INTO t VALUES (1)")
                db.afterCommit { db in seen.values.append((try? db.value(Int.self, "SELECT count(*) FROM t")) ?? -1) }
                #expect(seen.values.isEmpty)
            }
            #expect(seen.values == [1]) // after the commit, and the committed row is readable
            struct Undo: Error {}
            await #expect(throws: Undo.self) {
                try await database.write { db in
                    try db.run("INSERT INTO t VALUES (2)")
                    db.afterCommit { _ in seen.values.append(99) }
                    throw Undo()
                }
            }
            try await database.write { db in try db.run("INSERT INTO t VALUES (3)") }
            #expect(seen.values == [1]) // the rolled-back transaction's hook never ran, nor was it kept for the next one
        }
    }

    /// A hook belongs to the savepoint that added it: undone with it, kept (in order) when it succeeds.
    @Test(arguments: engines) func commitHooksOfAnUndoneSavepointAreDropped(engine: StoreEngine) async throws {
        let seen = Mutex<[String]>([])
        @Sendable func hook(_ name: String, on db: any StoreConnection) { db.afterCommit { _ in seen.withLock { $0.append(name) } } }
        try await withDatabase(engine) { database in
            try await database.write { db in
                hook("before", on: db)
                try db.savepoint { hook("kept", on: db) }
                try db.undoneSavepoint { hook("undone", on: db) }
                try db.savepoint {
                    hook("outer kept", on: db)
                    try db.undoneSavepoint { hook("inner undone", on: db) }
                    hook("outer after", on: db)
                }
                hook("after", on: db)
            }
            #expect(seen.withLock { $0 } == ["before", "kept", "outer kept", "outer after", "after"])
            // A transaction whose every hook was undone leaves none for the next one.
            try await database.write { db in try db.undoneSavepoint { hook("undone again", on: db) } }
            try await database.write { db in hook("next", on: db) }
            #expect(seen.withLock { $0 }.suffix(2) == ["after", "next"])
        }
    }

    @Test(arguments: engines) func aRowInserterWritesOnBoth(engine: StoreEngine) async throws {
        try await withDatabase(engine) { database in
            let rows = try await database.write { db in
                try db.run("CREATE TABLE t(k TEXT PRIMARY KEY, r DOUBLE PRECISION, i BIGINT)")
                let insert = try RowInserter(db, sql: "INSERT INTO t(k, r, i) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
                #expect(try insert.run(.text("a"), .real(1.5), .integer(nil), in: db) == 1)
                #expect(try insert.run(.text("a"), .real(2), .integer(2), in: db) == 0) // the conflict changes nothing
                #expect(try insert.run(.text("b"), .real(nil), .integer(-3), in: db) == 1)
                return try db.rows("SELECT k, r, i FROM t ORDER BY k").map { "\($0["k"] as String) \($0["r"] as Double?) \($0["i"] as Int?)" }
            }
            #expect(rows == ["a Optional(1.5) nil", "b nil Optional(-3)"])
        }
    }

    @Test(arguments: engines) func failuresAreClassified(engine: StoreEngine) async throws {
        try await withDatabase(engine) { database in
            try await database.write { connection in
                try connection.run("CREATE TABLE t(k TEXT PRIMARY KEY, v INTEGER NOT NULL CHECK (v > 0))")
                try connection.run("INSERT INTO t VALUES ('a', 1)")
                func failure(_ sql: String) -> StoreFailure? {
                    do {
                        try connection.savepoint { try connection.run(sql) }
                        return nil
                    } catch {
                        return StoreFailure(error)
                    }
                }
                #expect(failure("INSERT INTO t VALUES ('a', 2)") == .uniqueViolation)
                #expect(failure("INSERT INTO t VALUES ('b', NULL)") == .constraintViolation)
                #expect(failure("INSERT INTO t VALUES ('b', -1)") == .constraintViolation)
                #expect(failure("SELECT nonsense FROM t") == .other)
                #expect(failure("INSERT INTO t VALUES ('b', 2)") == nil)
            }
        }
    }

    /// Placeholders numbered and reused, an `INDEXED BY` hint, several statements in one uncached text
    /// (one holding a `;` in a literal), and what a count of changes means after a query.
    @Test(arguments: engines) func theSharedDialectRunsOnBoth(engine: StoreEngine) async throws {
        try await withDatabase(engine) { database in
            try await database.write { connection in
                try connection.run(
                    """
                    CREATE TABLE t(k TEXT PRIMARY KEY, v BIGINT);
                    CREATE INDEX t_v ON t(v); -- a comment; not a statement
                    INSERT INTO t VALUES ('semi;colon', 1), ('b', 2);
                    """)
                #expect(try connection.value(Int.self, "SELECT count(*) FROM t") == 2)
                try connection.run("INSERT INTO t(k, v) VALUES (?2, ?1), (?3, ?1)", [7, "c", "d"])
                #expect(connection.changedRows == 2)
                #expect(try connection.values(String.self, "SELECT k FROM t INDEXED BY t_v WHERE v = ? ORDER BY k", [7]) == ["c", "d"])
                #expect(try connection.value(String.self, "SELECT k FROM t WHERE v = ? AND k <> '?'", [1]) == "semi;colon")
                #expect(connection.changedRows == 2, "a query leaves the count of the last change")
                #expect(try connection.value(Int.self, "SELECT sum(v) FROM t") == 17)
                #expect(try connection.value(Bool.self, "SELECT 1 = 1") == true)
                #expect(try connection.value(Int.self, "SELECT ? + ?", [40, 2]) == 42)
            }
        }
    }
}
