import Foundation
import Kernel
import PermanenceTesting
import PostgresStore
import Testing

@testable import permanence

/// `bench nodes --db`: the runs' databases on a server the user names.
@Suite struct BenchDatabasesTests {
    @Test(
        "a run's database URL keeps the user, host, port and parameters, and names the new database",
        arguments: [
            ("postgres://bench@db.example:5433/perf", "perf_n3", "postgres://bench@db.example:5433/perf_n3"),
            ("postgres://bench:s3cr%2Ft@10.0.0.4:5432/perf?sslmode=disable", "perf_copy", "postgres://bench:s3cr%2Ft@10.0.0.4:5432/perf_copy?sslmode=disable"),
            ("postgresql://u@h/perf", "perf x", "postgresql://u@h/perf%20x")
        ])
    func url(given: String, database: String, expected: String) throws {
        let url = BenchDatabases.url(given, database: database)
        #expect(url == expected)
        #expect(try PostgresLocation(url: url).database == database)
    }

    @Test("on a named server, each run gets a new empty database that a store opens", .enabled(if: TestStore.postgres != nil))
    func makesDatabases() async throws {
        let server = try #require(TestStore.postgres)
        let base = "b_" + RandomIdentifier.make("", hexDigits: 12)
        let admin = try await PostgresDatabase.open(url: "\(server)/postgres", connections: 1)
        try await admin.runOutsideTransaction("CREATE DATABASE \(base)")
        let databases = try await BenchDatabases.start(url: "\(server)/\(base)")
        let made = try await databases.make("n3")
        #expect(try PostgresLocation(url: made).database == "\(base)_n3")
        let store = try await PostgresDatabase.open(url: made, connections: 1)
        #expect(try await store.read { db in try db.value(Int.self, "SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'public'") } == 0)
        try await store.close()
        await #expect(throws: (any Error).self, "a second run of that name is refused, not reused") { try await databases.make("n3") }
        await databases.stop()
        for name in ["\(base)_n3", base] { try await admin.runOutsideTransaction("DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
        try await admin.close()
    }
}
