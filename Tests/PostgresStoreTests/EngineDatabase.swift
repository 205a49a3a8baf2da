import Kernel
import PostgresStore
import Testing
import ThrowawayPostgres

/// A database of either engine, for the tests that run the same body on both: SQLite's `Store` (in
/// memory) or a `PostgresDatabase` on a fresh database of the suite's cluster.
protocol EngineDatabase: Sendable {
    func write<T: Sendable>(_ body: @escaping @Sendable (any StoreConnection) throws -> T) async throws -> T
    func read<T: Sendable>(_ body: @escaping @Sendable (any StoreConnection) throws -> T) async throws -> T
}

extension PostgresDatabase: EngineDatabase {}

/// SQLite's store, its GRDB connection seen as a `StoreConnection`.
struct SQLiteDatabase: EngineDatabase {
    let store: Store

    func write<T: Sendable>(_ body: @escaping @Sendable (any StoreConnection) throws -> T) async throws -> T {
        try await store.write { db in try body(db) }
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (any StoreConnection) throws -> T) async throws -> T {
        try await store.read { db in try body(db) }
    }
}

/// The engines the seam's contract runs on.
let engines: [StoreEngine] = [.sqlite, .postgresql]

/// Runs `body` with an empty database of `engine`; a PostgreSQL one is closed afterwards.
func withDatabase(_ engine: StoreEngine, connections: Int = 2, _ body: (any EngineDatabase) async throws -> Void) async throws {
    switch engine {
    case .sqlite:
        try await body(SQLiteDatabase(store: try Store()))
    case .postgresql:
        try await withPostgres(connections: connections) { try await body($0) }
    }
}

/// Runs `body` with a `PostgresDatabase` on a fresh database of the suite's cluster, then closes it.
func withPostgres(connections: Int = 2, _ body: (PostgresDatabase) async throws -> Void) async throws {
    let cluster = try #require(SuiteCluster.current, "the suite has the .postgresCluster trait")
    let database = try await PostgresDatabase.open(url: try await cluster.makeDatabase(), connections: connections)
    do {
        try await body(database)
    } catch {
        try await database.close()
        throw error
    }
    try await database.close()
}

/// The cluster a suite with the `.postgresCluster` trait runs against.
enum SuiteCluster {
    @TaskLocal static var current: PostgresCluster?
}

/// Starts one throwaway PostgreSQL cluster for a suite and stops it when the suite ends.
struct PostgresClusterTrait: SuiteTrait, TestScoping {
    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        let cluster = try await PostgresCluster.start()
        do {
            try await SuiteCluster.$current.withValue(cluster) { try await function() }
        } catch {
            await cluster.stop()
            throw error
        }
        await cluster.stop()
    }
}

extension Trait where Self == PostgresClusterTrait {
    static var postgresCluster: Self { PostgresClusterTrait() }
}
