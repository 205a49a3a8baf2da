import Foundation
import GRDB

/// The database: SQLite through GRDB, one file in WAL mode, or in memory for tests.
///
/// Each module registers its own migrations; `migrate` applies them in registration order.
public final class Store: Sendable {
    public let writer: any DatabaseWriter
    public let path: String
    private let commits: GroupCommit

    /// Opens (creating if needed) the database file at `path` in WAL mode.
    public init(path: String) throws {
        var config = Configuration()
        config.busyMode = .timeout(10)
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        writer = try DatabasePool(path: path, configuration: config)
        commits = GroupCommit(writer: writer)
        self.path = path
    }

    /// A private in-memory database.
    public init(inMemory: Void = ()) throws {
        writer = try DatabaseQueue()
        commits = GroupCommit(writer: writer)
        path = ":memory:"
    }

    public func migrate(_ migrator: DatabaseMigrator) throws { try migrator.migrate(writer) }

    public func read<T: Sendable>(_ body: @Sendable (Database) throws -> T) async throws -> T {
        try await writer.read(body)
    }

    /// Runs a short read on the calling thread, blocking it meanwhile.
    ///
    /// For reads that take well under a millisecond (slot search on indexed ranges): the two thread
    /// hops of `read` (to the database's queue and back) would cost more than the read itself.
    public func readNow<T>(_ body: (Database) throws -> T) throws -> T {
        try writer.unsafeRead(body)
    }

    /// Runs `body` in a write transaction and returns once it is committed. Writes that arrive
    /// while another commits are committed together (see `GroupCommit`); if `body` throws, its
    /// changes are rolled back and nobody else's are.
    public func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await commits.submit(body)
    }

    public func close() throws {
        if let pool = writer as? DatabasePool { try pool.close() }
        if let queue = writer as? DatabaseQueue { try queue.close() }
    }
}
