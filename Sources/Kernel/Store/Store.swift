package import Foundation
package import GRDB
import Glibc
import Synchronization

/// The database: SQLite through GRDB (one file in WAL mode, or in memory for tests), or a database
/// server (`StoreServer`: PostgreSQL).
///
/// Modules see transactions as `any StoreConnection`, the same calls on either engine. On SQLite,
/// each module registers its GRDB migrations and `migrate` applies them in registration order; on a
/// server, `migrate(schema:)` applies the modules' `SchemaMigrations`.
package final class Store: Sendable {
    /// The SQLite database; nil on a server. Only SQLite's own machinery (migrations, observers,
    /// backups, benchmarks) reaches for it.
    package let sqlite: (any DatabaseWriter)?
    /// The database server; nil on SQLite.
    package let server: (any StoreServer)?
    /// The file, `:memory:`, or the server's address (without password).
    package let path: String
    /// This process's name among the nodes sharing the database (`serve --node`; default the host's
    /// name): what it claims (outbox leases) is marked with it, and what it left marked when it
    /// stopped or died is its own to take back at start. Nodes sharing a database need distinct names.
    package let node: String
    /// Group commit on SQLite (see `GroupCommit`); a server commits its connections' transactions side by side.
    private let commits: GroupCommit?
    /// A read-only connection of its own for `peek`; nil in memory, where there is only one.
    private let peeker: DatabaseQueue?
    /// Wakes the delivery workers of the practices whose outbox rows a commit inserted.
    private let outboxWatch = OutboxWatch()
    /// The events shared with the other nodes of a server; nil on SQLite.
    private let eventLog: EventLog?
    /// The plugin sets whose column spellings a server has learnt (`adoptColumnSpellings`).
    private let spelt = Mutex<Set<String>>([])
    /// One background write at a time (`writeInBackground`).
    private let lane = BackgroundLane()
    /// A descriptor of the file holding a shared `flock` for as long as this store is open: every
    /// process using the database holds one, so a process that gets it exclusively is its only user
    /// (`withSoleUse`). -1 in memory and on a server.
    private let useLock: Int32

    /// On a database other nodes write (a server), the longest a timer worker sleeps before it looks
    /// again: their changes (an incident raised there, the rows of a node that died) make work due
    /// here without any signal in this process. Nil on SQLite, where every commit is seen here.
    package var lookAgainSeconds: TimeInterval? { observesCommits ? nil : 10 }

    /// When a timer worker whose next known deadline is `next` wakes: `next`, or sooner on a server
    /// (`lookAgainSeconds` after `now`).
    package func wakeTime(next: Date?, now: Date) -> Date? {
        guard let seconds = lookAgainSeconds else { return next }
        let poll = now.addingTimeInterval(seconds)
        return min(next ?? poll, poll)
    }

    /// The host's name: a node's default name, stable across restarts.
    package static var defaultNode: String { ProcessInfo.processInfo.hostName }

    /// The engine transactions run on.
    package var engine: StoreEngine { server == nil ? .sqlite : .postgresql }

    /// Whether the store sees every commit made through it (SQLite's transaction observers), so that a
    /// cache may trust that nothing changed when no commit said so. False on a server.
    package var observesCommits: Bool { sqlite != nil }

    /// Opens (creating if needed) the database file at `path` in WAL mode. A new file is readable by
    /// its owner only (0600; SQLite gives its -wal and -shm files the same mode), and deleted
    /// content is overwritten (`secure_delete`), so an erased patient does not linger in free pages.
    package init(path: String, node: String = Store.defaultNode) throws {
        self.node = node
        if !FileManager.default.fileExists(atPath: path) {
            FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
        }
        var config = Configuration()
        config.busyMode = .timeout(10)
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL; PRAGMA secure_delete = ON")
        }
        let writer = try DatabasePool(path: path, configuration: config)
        sqlite = writer
        server = nil
        eventLog = nil
        useLock = open(path, O_RDONLY | O_CLOEXEC)
        guard useLock >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        guard flock(useLock, LOCK_SH | LOCK_NB) == 0 else {
            Glibc.close(useLock)
            throw InSoleUse(path: path)
        }
        commits = GroupCommit(writer: writer)
        writer.add(transactionObserver: outboxWatch, extent: .databaseLifetime)
        var peekConfig = Configuration()
        peekConfig.readonly = true
        // A reader in WAL mode is only kept waiting by recovery or an exclusive lock: fail after a
        // second rather than hold an event loop (peek runs there for inline methods).
        peekConfig.busyMode = .timeout(1)
        peeker = try DatabaseQueue(path: path, configuration: peekConfig)
        self.path = path
    }

    /// A private in-memory database.
    package init(inMemory: Void = ()) throws {
        node = Store.defaultNode
        let writer = try DatabaseQueue()
        sqlite = writer
        server = nil
        commits = GroupCommit(writer: writer)
        writer.add(transactionObserver: outboxWatch, extent: .databaseLifetime)
        peeker = nil
        path = ":memory:"
        useLock = -1
        eventLog = nil
    }

    /// A store on a database server: transactions run on its connections, outbox signals fire from
    /// its commits' announcements.
    package init(server: any StoreServer, node: String = Store.defaultNode) {
        self.node = node
        sqlite = nil
        self.server = server
        commits = nil
        peeker = nil
        path = server.address
        useLock = -1
        eventLog = EventLog(server: server, node: node)
        let watch = outboxWatch
        server.onCommit { announcements in watch.announced(announcements) }
    }

    deinit {
        if useLock >= 0 { Glibc.close(useLock) }
    }

    /// The database is being loaded by a process that has it to itself (`withSoleUse`).
    package struct InSoleUse: Error, CustomStringConvertible {
        package var path: String
        package var description: String {
            "\(path): the database is being bulk-loaded by another process (permanence import); it can be opened when that ends"
        }
    }

    /// Runs `body` while this process is the database's only user: no other process may open it
    /// meanwhile (its `Store` init throws ``InSoleUse``). Returns nil without running `body` when
    /// another process has the database open, or in memory.
    package func withSoleUse<T>(_ body: () async throws -> T) async throws -> T? {
        guard useLock >= 0 else { return nil }
        guard flock(useLock, LOCK_EX | LOCK_NB) == 0 else {
            // Converting a lock may release it before failing: hold the shared one again.
            flock(useLock, LOCK_SH)
            return nil
        }
        defer { flock(useLock, LOCK_SH) }
        return try await body()
    }

    /// Applies the migrations not yet applied. When every one is (a restart, or the second practice of
    /// a service), a read says so and the writer is not stopped: a migration is a barrier that waits
    /// for every write queued before it.
    /// Also builds again indexes a bulk load that died left suspended (`SuspendedIndexes`).
    package func migrate(_ migrator: DatabaseMigrator) throws {
        guard let writer = sqlite else { preconditionFailure("GRDB's migrations are SQLite's: a server store migrates with migrate(schema:)") }
        let (migrated, suspended) = try writer.read { db in (try migrator.hasCompletedMigrations(db), try SuspendedIndexes.pending(in: db)) }
        if suspended { try writer.write { db in try SuspendedIndexes.restore(in: db) } }
        if migrated { return }
        try migrator.migrate(writer)
    }

    /// Applies a server's schema steps not yet applied, in one transaction (see `SchemaMigrations`).
    package func migrate(schema: SchemaMigrations) async throws {
        guard let server else { preconditionFailure("a SQLite store migrates with GRDB's migrator") }
        try await server.write { db in _ = try schema.apply(in: db) }
    }

    /// Gives a server the spellings `names` computes, once per `key` (the installed plugins: the
    /// practices of a service mostly share theirs, and computing them builds a schema in memory).
    package func adoptColumnSpellings(key: String, _ names: () throws -> [String]) rethrows {
        guard let server, spelt.withLock({ $0.insert(key).inserted }) else { return }
        server.adoptColumnSpellings(try names())
    }

    /// Fires `signal` after every commit, by anyone on this store's writer, that inserted outbox rows of `practiceId`.
    package func wakeOnOutboxInsert(_ signal: WakeSignal, practiceId: String) { outboxWatch.add(signal, practiceId: practiceId) }

    /// On a server, shares `bus`'s events with the other nodes and delivers theirs of its practice
    /// to it (`EventLog`); nothing on SQLite, where one process publishes and delivers.
    package func shareEvents(_ bus: EventBus) { eventLog?.share(bus) }

    /// Runs `body` in a read transaction: every statement sees the same commit.
    package func read<T: Sendable>(_ body: @escaping @Sendable (any StoreConnection) throws -> T) async throws -> T {
        if let server { return try await server.read(body) }
        return try await sqlite!.read { db in try body(db) }
    }

    /// Runs a few statements on a read-only connection of its own, on the calling thread, outside
    /// any transaction: each statement sees the latest commit, of this process or of another one.
    ///
    /// For checks of a few microseconds ("has this changed since?") and the small reads they lead
    /// to, where entering the reader pool (a pool slot, a schema check) would cost more than the
    /// read. Calls are serialised on that one connection, so keep them short. On a server the
    /// calling thread waits for one of the server's connections (`StoreServer.peekWaiting`).
    package func peek<T>(_ body: (any StoreConnection) throws -> T) throws -> T {
        if let server { return try server.peekWaiting(body) }
        return try peekSQLite { db in try body(db) }
    }

    /// Like `peek`, but in one read transaction: every statement sees the same commit. For a few
    /// short reads that must agree with each other.
    package func peekSnapshot<T>(_ body: (any StoreConnection) throws -> T) throws -> T {
        if let server { return try server.readWaiting(body) }
        return try peekSQLite { db in try Self.inReadTransaction(db, body) }
    }

    /// `peek`'s connection on SQLite: its own read-only one, or the only one in memory.
    private func peekSQLite<T>(_ body: (Database) throws -> T) throws -> T {
        if let peeker { return try peeker.inDatabase(body) }
        return try sqlite!.unsafeReentrantRead(body)
    }

    /// Runs `body` on a connection of the reader pool, on the calling thread, in one read
    /// transaction. For code that cannot await and reads more than a `peek` should (others would
    /// wait on that one connection meanwhile); entering the pool costs more than a `peek`.
    package func snapshot<T>(_ body: (any StoreConnection) throws -> T) throws -> T {
        if let server { return try server.readWaiting(body) }
        if let pool = sqlite as? DatabasePool { return try pool.read { db in try body(db) } }
        return try sqlite!.unsafeReentrantRead { db in try Self.inReadTransaction(db, body) }
    }

    private static func inReadTransaction<T>(_ db: Database, _ body: (any StoreConnection) throws -> T) throws -> T {
        if db.isInsideTransaction { return try body(db) }
        var result: T?
        try db.inTransaction(.deferred) {
            result = try body(db)
            return .commit
        }
        return result!
    }

    /// Runs `body` in a write transaction and returns once it is committed. On SQLite, writes that
    /// arrive while another commits are committed together (see `GroupCommit`); if `body` throws,
    /// its changes are rolled back and nobody else's are.
    package func write<T: Sendable>(_ body: @escaping @Sendable (any StoreConnection) throws -> T) async throws -> T {
        if let server { return try await server.write(body) }
        return try await commits!.submit(body)
    }

    /// Runs `body` in a write transaction on the calling thread, which waits meanwhile: for code
    /// that cannot await and writes rarely (a token created from the command line). Outside group commit.
    package func writeWaiting<T>(_ body: (any StoreConnection) throws -> T) throws -> T {
        if let server { return try server.writeWaiting(body) }
        return try sqlite!.write { db in try body(db) }
    }

    /// Runs `body` in a read transaction on the calling thread, which waits meanwhile (see `writeWaiting`).
    package func readWaiting<T>(_ body: (any StoreConnection) throws -> T) throws -> T {
        if let server { return try server.readWaiting(body) }
        return try sqlite!.read { db in try body(db) }
    }

    /// Like `write`, for background work done in batches (a batch per call): such writes wait for
    /// each other, one in the writer's queue at a time, so that a call's write never waits behind
    /// more than one of them. Throws `CancellationError` when the task was cancelled while waiting.
    package func writeInBackground<T: Sendable>(_ body: @escaping @Sendable (any StoreConnection) throws -> T) async throws -> T {
        await lane.enter()
        do {
            try Task.checkCancellation()
            let result = try await write(body)
            await lane.leave()
            return result
        } catch {
            await lane.leave()
            throw error
        }
    }

    /// Writes submitted and not yet taken into a transaction.
    package var writesQueued: Int { commits?.queued ?? 0 }

    /// Background writes waiting for their turn (not the one under way).
    package var backgroundWritesWaiting: Int { get async { await lane.waitingCount } }

    /// Copies every change of the write-ahead log into the database file and empties the log
    /// (`PRAGMA wal_checkpoint(TRUNCATE)`), so the `.sqlite` file alone holds everything.
    /// Waits for running reads and writes to finish (at most the busy timeout). In memory: nothing.
    package func checkpoint() throws {
        guard let pool = sqlite as? DatabasePool else { return }
        try pool.writeWithoutTransaction { db in
            let result = try db.checkpoint(.truncate)
            guard result.walFrameCount <= 0 || result.checkpointedFrameCount == result.walFrameCount else {
                throw DatabaseError(
                    resultCode: .SQLITE_BUSY, message: "checkpoint left \(result.walFrameCount - result.checkpointedFrameCount) frames in the log")
            }
        }
    }

    /// Checkpoints (see `checkpoint`) then closes every connection (and no longer counts as a user
    /// of the file, see `withSoleUse`). A checkpoint that fails does
    /// not lose data (the log stays beside the file, and SQLite replays it on the next open); its
    /// error is thrown after the connections are closed.
    package func close() throws {
        if let server {
            eventLog?.stop()
            return try server.close()
        }
        var checkpointError: (any Error)?
        do { try checkpoint() } catch { checkpointError = error }
        try peeker?.close()
        if let pool = sqlite as? DatabasePool { try pool.close() }
        if let queue = sqlite as? DatabaseQueue { try queue.close() }
        if useLock >= 0 { flock(useLock, LOCK_UN) }
        if let checkpointError { throw checkpointError }
    }

    /// Writes a consistent copy of the database to `path` with SQLite's online backup, while
    /// other connections (of this process or another) keep reading and writing. The copy is one
    /// self-contained file (rollback journal, no log beside it), created with mode 0600, and
    /// replaces `path` atomically once complete; `path` must not exist unless `replace` is true.
    package static func backup(database: String, to path: String, replace: Bool = false) throws {
        guard FileManager.default.fileExists(atPath: database) else { throw BackupError("\(database): no such database file") }
        if !replace && FileManager.default.fileExists(atPath: path) { throw BackupError("\(path): the file already exists") }
        let partial = path + ".partial-\(getpid())"
        try? FileManager.default.removeItem(atPath: partial)
        guard FileManager.default.createFile(atPath: partial, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw BackupError("\(path): cannot create the file (does its directory exist and is it writable?)")
        }
        do {
            var sourceConfig = Configuration()
            sourceConfig.readonly = true
            sourceConfig.busyMode = .timeout(10)
            let source = try DatabaseQueue(path: database, configuration: sourceConfig)
            let destination = try DatabaseQueue(path: partial)
            try source.backup(to: destination)
            try destination.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = DELETE") }
            try destination.close()
            try source.close()
            guard rename(partial, path) == 0 else { throw BackupError("\(path): \(String(cString: strerror(errno)))") }
        } catch {
            unlink(partial)
            throw error
        }
    }

    /// A backup that cannot start or finish, said in one line.
    package struct BackupError: Error, CustomStringConvertible {
        package let description: String
        init(_ description: String) { self.description = description }
    }
}
