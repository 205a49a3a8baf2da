import Foundation
import GRDB

/// The database: SQLite through GRDB, one file in WAL mode, or in memory for tests.
///
/// Each module registers its own migrations; `migrate` applies them in registration order.
public final class Store: Sendable {
    public let writer: any DatabaseWriter
    public let path: String

    /// Opens (creating if needed) the database file at `path` in WAL mode.
    public init(path: String) throws {
        var config = Configuration()
        config.busyMode = .timeout(10)
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        writer = try DatabasePool(path: path, configuration: config)
        self.path = path
    }

    /// A private in-memory database.
    public init(inMemory: Void = ()) throws {
        writer = try DatabaseQueue()
        path = ":memory:"
    }

    public func migrate(_ migrator: DatabaseMigrator) throws { try migrator.migrate(writer) }

    public func read<T: Sendable>(_ body: @Sendable (Database) throws -> T) async throws -> T {
        try await writer.read(body)
    }

    public func write<T: Sendable>(_ body: @Sendable (Database) throws -> T) async throws -> T {
        try await writer.write(body)
    }

    public func close() throws {
        if let pool = writer as? DatabasePool { try pool.close() }
        if let queue = writer as? DatabaseQueue { try queue.close() }
    }
}
