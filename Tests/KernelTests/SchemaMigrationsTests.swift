import Foundation
import Kernel
import Testing

/// Migrations through the seam: each step once, in order, recorded with its time; a step that fails
/// leaves nothing of itself, and a later run applies it.
@Suite struct SchemaMigrationsTests {
    @Test func stepsApplyOnceInOrder() async throws {
        let store = try Store()
        var schema = SchemaMigrations()
        schema.register("t.1", sql: "CREATE TABLE t(k TEXT PRIMARY KEY); INSERT INTO t VALUES ('one')")
        schema.register("t.2") { db in try db.run("INSERT INTO t VALUES (?)", ["two"]) }
        let first = try await store.write { [schema] db in try schema.apply(in: db, now: Date(timeIntervalSince1970: 1_000)) }
        #expect(first == ["t.1", "t.2"])
        schema.register("t.3", sql: "INSERT INTO t VALUES ('three')")
        let second = try await store.write { [schema] db in try schema.apply(in: db, now: Date(timeIntervalSince1970: 2_000)) }
        #expect(second == ["t.3"])
        let again = try await store.write { [schema] db in try schema.apply(in: db) }
        #expect(again.isEmpty)
        let (keys, log) = try await store.read { db in
            (
                try db.values(String.self, "SELECT k FROM t ORDER BY rowid"),
                try db.rows("SELECT id, appliedAt FROM store_migration ORDER BY id").map { "\($0["id"] as String) \($0["appliedAt"] as Double)" }
            )
        }
        #expect(keys == ["one", "two", "three"])
        #expect(log == ["t.1 1000.0", "t.2 1000.0", "t.3 2000.0"])
    }

    @Test func aFailingStepLeavesNothingAndRunsNextTime() async throws {
        let store = try Store()
        var broken = SchemaMigrations()
        broken.register("t.1", sql: "CREATE TABLE t(k TEXT PRIMARY KEY)")
        broken.register("t.2", sql: "INSERT INTO t VALUES ('a'); INSERT INTO t VALUES ('a')")
        await #expect(throws: (any Error).self) { try await store.write { [broken] db in try broken.apply(in: db) } }
        let tables = try await store.read { db in try db.values(String.self, "SELECT name FROM sqlite_master WHERE name IN ('t', 'store_migration')") }
        #expect(tables.isEmpty)
        var fixed = SchemaMigrations()
        fixed.register("t.1", sql: "CREATE TABLE t(k TEXT PRIMARY KEY)")
        fixed.register("t.2", sql: "INSERT INTO t VALUES ('a')")
        let applied = try await store.write { [fixed] db in try fixed.apply(in: db) }
        #expect(applied == ["t.1", "t.2"])
    }
}
