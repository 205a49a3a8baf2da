import Foundation
import GRDB

/// The database: SQLite through GRDB, one file in WAL mode, or in memory for tests.
///
/// Each module registers its own migrations; `migrate` applies them in registration order.
public final class Store: Sendable {
    public let writer: any DatabaseWriter
    public let path: String
    private let commits: GroupCommit
    /// A read-only connection of its own for `peek`; nil in memory, where there is only one.
    private let peeker: DatabaseQueue?

    /// Opens (creating if needed) the database file at `path` in WAL mode. A new file is readable by
    /// its owner only (0600; SQLite gives its -wal and -shm files the same mode), and deleted
    /// content is overwritten (`secure_delete`), so an erased patient does not linger in free pages.
    public init(path: String) throws {
        if !FileManager.default.fileExists(atPath: path) {
            FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
        }
        var config = Configuration()
        config.busyMode = .timeout(10)
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL; PRAGMA secure_delete = ON")
        }
        writer = try DatabasePool(path: path, configuration: config)
        commits = GroupCommit(writer: writer)
        var peekConfig = Configuration()
        peekConfig.readonly = true
        // A reader in WAL mode is only kept waiting by recovery or an exclusive lock: fail after a
        // second rather than hold an event loop (peek runs there for inline methods).
        peekConfig.busyMode = .timeout(1)
        peeker = try DatabaseQueue(path: path, configuration: peekConfig)
        self.path = path
    }

    /// A private in-memory database.
    public init(inMemory: Void = ()) throws {
        writer = try DatabaseQueue()
        commits = GroupCommit(writer: writer)
        peeker = nil
        path = ":memory:"
    }

    public func migrate(_ migrator: DatabaseMigrator) throws { try migrator.migrate(writer) }

    public func read<T: Sendable>(_ body: @Sendable (Database) throws -> T) async throws -> T {
        try await writer.read(body)
    }

    /// Runs a few statements on a read-only connection of its own, on the calling thread, outside
    /// any transaction: each statement sees the latest commit, of this process or of another one.
    ///
    /// For checks of a few microseconds ("has this changed since?") and the small reads they lead
    /// to, where entering the reader pool (a pool slot, a schema check) would cost more than the
    /// read. Calls are serialised on that one connection, so keep them short.
    public func peek<T>(_ body: (Database) throws -> T) throws -> T {
        if let peeker { return try peeker.inDatabase(body) }
        return try writer.unsafeReentrantRead(body)
    }

    /// Like `peek`, but in one read transaction: every statement sees the same commit. For a few
    /// short reads that must agree with each other.
    public func peekSnapshot<T>(_ body: (Database) throws -> T) throws -> T {
        try peek { db in try Self.inReadTransaction(db, body) }
    }

    /// Runs `body` on a connection of the reader pool, on the calling thread, in one read
    /// transaction. For code that cannot await and reads more than a `peek` should (others would
    /// wait on that one connection meanwhile); entering the pool costs more than a `peek`.
    public func snapshot<T>(_ body: (Database) throws -> T) throws -> T {
        if let pool = writer as? DatabasePool { return try pool.read(body) }
        return try writer.unsafeReentrantRead { db in try Self.inReadTransaction(db, body) }
    }

    private static func inReadTransaction<T>(_ db: Database, _ body: (Database) throws -> T) throws -> T {
        if db.isInsideTransaction { return try body(db) }
        var result: T?
        try db.inTransaction(.deferred) {
            result = try body(db)
            return .commit
        }
        return result!
    }

    /// Runs `body` in a write transaction and returns once it is committed. Writes that arrive
    /// while another commits are committed together (see `GroupCommit`); if `body` throws, its
    /// changes are rolled back and nobody else's are.
    public func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await commits.submit(body)
    }

    public func close() throws {
        try peeker?.close()
        if let pool = writer as? DatabasePool { try pool.close() }
        if let queue = writer as? DatabaseQueue { try queue.close() }
    }
}
