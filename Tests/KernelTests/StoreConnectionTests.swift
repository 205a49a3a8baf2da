import Foundation
import GRDB
import Kernel
import Testing

/// The store seam on SQLite: what a store type writes through `any StoreConnection` is what GRDB
/// stores and reads, names match whatever their case, a savepoint undoes only its own changes, and a
/// duplicate key is classified as such.
@Suite struct StoreConnectionTests {
    enum Colour: String, StoreValueConvertible { case red, blue }

    @Test func itBindsAndReadsEveryKindOfValue() async throws {
        let store = try Store()
        let read = try await store.write { db in
            let connection: any StoreConnection = db
            #expect(connection.engine == .sqlite)
            try connection.run("CREATE TABLE t(k TEXT PRIMARY KEY, i INTEGER, r REAL, b INTEGER, d BLOB, c TEXT, n TEXT)")
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
        #expect(b["b"] as Bool == false)
        #expect(b["d"] as Data? == Data())
        #expect(b[6] as String == "x")
    }

    @Test func valuesRowsAndSavepoints() async throws {
        let store = try Store()
        try await store.write { db in
            let connection: any StoreConnection = db
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
        let keys = try await store.read { db in try (db as any StoreConnection).values(String.self, "SELECT k FROM t ORDER BY k") }
        #expect(keys == ["a", "b", "c", "d"])
    }

    @Test func pageKeysBindAsTheValuesTheyWereReadFrom() async throws {
        let store = try Store()
        let next = try await store.write { db in
            try db.run("CREATE TABLE t(at REAL, id INTEGER, k TEXT)")
            try db.run("INSERT INTO t VALUES (1.5, 1, 'a'), (1.5, 2, 'b'), (2.0, 3, 'c')")
            let last = try #require(try db.row("SELECT at, id, k FROM t ORDER BY at, id"))
            let key: [PageKey] = [last["at"], last["id"], last["k"]]
            #expect(key == [.real(1.5), .int(1), .text("a")])
            return try db.values(String.self, "SELECT k FROM t WHERE (at, id) > (?, ?) ORDER BY at, id", StoreArguments(key.prefix(2)))
        }
        #expect(next == ["b", "c"])
        #expect(PageKey(storeValue: .null) == nil)
    }

    @Test func failuresAreClassified() async throws {
        let store = try Store()
        try await store.write { db in
            try db.run("CREATE TABLE t(k TEXT PRIMARY KEY, v INTEGER NOT NULL)")
            try db.run("INSERT INTO t VALUES ('a', 1)")
            #expect(throws: Error.self) { try db.run("INSERT INTO t VALUES ('a', 2)") }
            do { try db.run("INSERT INTO t VALUES ('a', 2)") } catch { #expect(StoreFailure(error) == .uniqueViolation) }
            do { try db.run("INSERT INTO t VALUES ('b', NULL)") } catch { #expect(StoreFailure(error) == .constraintViolation) }
            do { try db.run("SELECT nonsense FROM t") } catch { #expect(StoreFailure(error) == .other) }
        }
    }
}
