import Foundation
package import Kernel
import PostgresStore
import Synchronization

/// The store a test's host runs on: a private in-memory SQLite database, or, in the pass on
/// PostgreSQL (`scripts/test` sets `PERMANENCE_TEST_POSTGRES` to the URL of a throwaway server it
/// started), a fresh database of that server, dropped by `discard`.
package enum TestStore {
    /// The PostgreSQL server of this pass, if it is the PostgreSQL pass.
    package static let postgres: String? = ProcessInfo.processInfo.environment["PERMANENCE_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }

    /// Whether tests run on SQLite in this pass.
    package static var onSQLite: Bool { postgres == nil }

    /// A new empty store.
    package static func make() async throws -> Store {
        guard let postgres else { return try Store() }
        let name = "t_" + RandomIdentifier.make("", hexDigits: 16)
        try await admin(postgres).runOutsideTransaction("CREATE DATABASE \(name) STRATEGY FILE_COPY")
        return Store(server: try await PostgresDatabase.open(url: "\(postgres)/\(name)", connections: 2))
    }

    /// Drops the database of a store `make` created on PostgreSQL, once it is closed; nothing on SQLite.
    package static func discard(_ store: Store) async {
        guard let postgres, store.server != nil, let name = store.path.split(separator: "/").last.map(String.init), name.hasPrefix("t_") else {
            return
        }
        try? await admin(postgres).runOutsideTransaction("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }

    /// One connection to the server's `postgres` database, shared by the process's tests.
    private static func admin(_ server: String) async throws -> PostgresDatabase {
        if let open = shared.withLock({ $0 }) { return open }
        let opened = try await PostgresDatabase.open(url: "\(server)/postgres", connections: 1)
        return shared.withLock { current in
            if let current { return current }
            current = opened
            return opened
        }
    }

    private static let shared = Mutex<PostgresDatabase?>(nil)
}
