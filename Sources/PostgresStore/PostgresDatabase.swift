import Dispatch
package import Kernel
package import Logging
package import NIOCore
import NIOPosix
import PostgresNIO
import Synchronization

/// A PostgreSQL database as the store sees it: a fixed pool of connections, each used by one thread
/// of a `NIOThreadPool` of the same size that the database owns, so that a transaction's synchronous
/// body never blocks the Swift task pool nor an event loop.
///
/// `write` runs its body in `BEGIN … COMMIT` (`ROLLBACK` if it throws), `read` in a read-only
/// snapshot (`REPEATABLE READ`, as a SQLite read transaction sees one state). Callers beyond the pool's
/// size wait in the thread pool's queue. A connection found closed is opened again before its next
/// transaction.
package final class PostgresDatabase: StoreServer {
    package let location: PostgresLocation
    package let size: Int
    private let threads: NIOThreadPool
    private let thread: PoolThread
    private let spellings: ColumnSpellings
    private let idle: Mutex<[PostgresSession]>
    private let eventLoopGroup: any EventLoopGroup
    private let logger: Logger
    private let commitListeners = Mutex<[@Sendable ([StoreAnnouncement]) -> Void]>([])

    /// A transaction whose COMMIT the server answered with ROLLBACK: a statement in it had failed and
    /// the failure was caught without a savepoint, so nothing of it was kept.
    package struct RolledBack: Error, CustomStringConvertible {
        package var description: String {
            "the transaction was rolled back: a statement in it failed (on PostgreSQL a failed statement ends the transaction; go on after one only inside a savepoint)"
        }
    }

    /// Opens `connections` connections to the database at `url` (see `PostgresLocation`).
    package static func open(
        url: String, connections: Int = 8,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "permanence.postgres")
    ) async throws -> PostgresDatabase {
        precondition(connections > 0, "a database has at least one connection")
        let location = try PostgresLocation(url: url)
        let thread = PoolThread()
        let spellings = ColumnSpellings()
        var sessions: [PostgresSession] = []
        do {
            for id in 0..<connections {
                let connection = try await Self.connect(location, id: id, on: eventLoopGroup.next(), logger: logger).get()
                sessions.append(PostgresSession(connection: connection, thread: thread, spellings: spellings, logger: logger))
            }
        } catch {
            for session in sessions { try? await session.connection.close() }
            throw PostgresError(error, sql: "(connecting to \(location.redacted))")
        }
        return PostgresDatabase(
            location: location, sessions: sessions, thread: thread, spellings: spellings, eventLoopGroup: eventLoopGroup, logger: logger)
    }

    private init(
        location: PostgresLocation, sessions: [PostgresSession], thread: PoolThread, spellings: ColumnSpellings, eventLoopGroup: any EventLoopGroup,
        logger: Logger
    ) {
        self.spellings = spellings
        self.location = location
        self.size = sessions.count
        self.idle = Mutex(sessions)
        self.thread = thread
        self.eventLoopGroup = eventLoopGroup
        self.logger = logger
        threads = NIOThreadPool(numberOfThreads: sessions.count)
        threads.start()
    }

    /// Runs `body` in a transaction on a pooled connection, on a pool thread; commits what it did
    /// unless it throws.
    package func write<T: Sendable>(_ body: @escaping @Sendable (any StoreConnection) throws -> T) async throws -> T {
        try await transaction(begin: "BEGIN", body)
    }

    /// Runs `body` in a read-only transaction that sees one state of the database throughout.
    package func read<T: Sendable>(_ body: @escaping @Sendable (any StoreConnection) throws -> T) async throws -> T {
        try await transaction(begin: Self.readOnly, body)
    }

    /// A database let go without `close()` (a command that failed after opening it): its threads
    /// stop, and its connections are closed by a task that keeps them until then.
    deinit {
        let sessions = takeIdleSessions()
        threads.shutdownGracefully { _ in }
        guard !sessions.isEmpty else { return }
        Task { for session in sessions { try? await session.connection.close() } }
    }

    package var address: String { location.redacted }

    /// Runs `sql` outside any transaction (`CREATE DATABASE`, `VACUUM`), on a pool thread. Not
    /// rewritten, no arguments: the caller's own SQL.
    package func runOutsideTransaction(_ sql: String) async throws {
        try await threads.runIfActive { [self] in
            try thread.enter {
                let session = try checkOut()
                defer { idle.withLock { $0.append(session) } }
                try session.command(sql)
            }
        }
    }

    package func adoptColumnSpellings(_ names: [String]) { spellings.adopt(names) }

    package func readWaiting<T>(_ body: (any StoreConnection) throws -> T) throws -> T {
        try waiting(begin: Self.readOnly, body)
    }

    package func peekWaiting<T>(_ body: (any StoreConnection) throws -> T) throws -> T {
        try waiting(begin: nil, body)
    }

    package func runOnServerThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await threads.runIfActive { [self] in try thread.enter { try body() } }
    }

    package func writeWaiting<T>(_ body: (any StoreConnection) throws -> T) throws -> T {
        try waiting(begin: "BEGIN", body)
    }

    package func onCommit(_ listener: @escaping @Sendable ([StoreAnnouncement]) -> Void) {
        commitListeners.withLock { $0.append(listener) }
    }

    /// Waits for the transactions under way, refuses those queued, and closes the connections.
    package func close() async throws {
        try await threads.shutdownGracefully()
        let sessions = takeIdleSessions()
        for session in sessions { try? await session.connection.close() }
    }

    /// `close()` for a caller that cannot await: the calling thread waits (not an event loop's).
    package func close() throws {
        try threads.syncShutdownGracefully()
        let sessions = takeIdleSessions()
        for session in sessions { try? session.connection.close().wait() }
    }

    private static let readOnly = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"

    /// Calls `wake` after each `NOTIFY` on `channel`, and once each time the listening connection
    /// (one of its own) is opened, since a notification may have been missed while it was not; a
    /// connection that fails is reopened a second later. Until the returned closure is called.
    package func listen(channel: String, wake: @escaping @Sendable () -> Void) -> @Sendable () -> Void {
        let (location, group, logger) = (self.location, eventLoopGroup, self.logger)
        let open = Mutex<PostgresConnection?>(nil)
        let task = Task {
            while !Task.isCancelled {
                if let connection = try? await Self.connect(location, id: -1, on: group.next(), logger: logger).get() {
                    open.withLock { $0 = connection }
                    if !Task.isCancelled {
                        _ = try? await connection.listen(on: channel) { notifications in
                            wake()
                            for try await _ in notifications { wake() }
                        }
                    }
                    open.withLock { $0 = nil }
                    try? await connection.close()
                }
                try? await Task.sleep(for: .seconds(1))
            }
        }
        return {
            task.cancel()
            if let connection = open.withLock({ $0 }) {
                let closing: EventLoopFuture<Void> = connection.close()
                _ = closing
            }
        }
    }

    /// The sessions no transaction holds, which the database keeps no longer (closing).
    private func takeIdleSessions() -> [PostgresSession] {
        idle.withLock { sessions in
            defer { sessions.removeAll() }
            return sessions
        }
    }

    /// Runs `body` as `transaction` does, the calling thread waiting for a pool thread to run it. The
    /// body does not escape: the wait ends before this returns. Already on a pool thread, outside any
    /// transaction (`runOnServerThread`), it runs at once: a session is idle for that thread.
    private func waiting<T>(begin: String?, _ body: (any StoreConnection) throws -> T) throws -> T {
        if thread.isCurrent { return try inTransaction(begin: begin, body) }
        return try withoutActuallyEscaping(body) { body in
            // The pool may keep its work item after running it: the body is let go before the wait ends.
            let handed = Handed(body)
            let done = DispatchSemaphore(value: 0)
            threads.submit { [self] state in
                if case .active = state, let body = handed.take() {
                    handed.outcome = Result { try inTransaction(begin: begin, body) }
                } else {
                    _ = handed.take()
                    handed.outcome = .failure(NIOThreadPoolError.ThreadPoolInactive())
                }
                done.signal()
            }
            done.wait()
            return try handed.outcome!.get()
        }
    }

    private func transaction<T: Sendable>(begin: String, _ body: @escaping @Sendable (any StoreConnection) throws -> T) async throws -> T {
        try await threads.runIfActive { [self] in try inTransaction(begin: begin, body) }
    }

    /// Transactions run again, whole, when PostgreSQL chose them as a deadlock's victim or could not
    /// serialise them (40P01, 40001): nothing of the first run was kept, and running again is what
    /// the server asks for. A body gives its results by what it returns, so it may run twice.
    static let attempts = 3

    /// Runs `body` in a transaction on a pooled session; on a pool thread only.
    private func inTransaction<T>(begin: String?, _ body: (any StoreConnection) throws -> T) throws -> T {
        var attempt = 1
        while true {
            do {
                return try inTransactionOnce(begin: begin, body)
            } catch  where attempt < Self.attempts && StoreFailure(error) == .retryable {
                attempt += 1
                logger.notice("transaction run again after \(error)")
            }
        }
    }

    private func inTransactionOnce<T>(begin: String?, _ body: (any StoreConnection) throws -> T) throws -> T {
        try thread.enter {
            let session = try checkOut()
            defer { idle.withLock { $0.append(session) } }
            // No transaction (`peekWaiting`): each statement commits by itself.
            guard let begin else { return try body(session) }
            try session.command(begin)
            let result: T
            do {
                result = try body(session)
            } catch {
                _ = try? session.command("ROLLBACK")
                session.transactionEnded(committed: false)
                throw error
            }
            // A commit PostgreSQL refused (40001 under SERIALIZABLE) is thrown as it is: run again.
            let committed: Bool
            do { committed = try session.command("COMMIT") == "COMMIT" } catch {
                session.transactionEnded(committed: false)
                throw error
            }
            let announced = session.transactionEnded(committed: committed)
            guard committed else { throw RolledBack() }
            if !announced.isEmpty {
                for listener in commitListeners.withLock({ $0 }) { listener(announced) }
            }
            return result
        }
    }

    /// An idle session, its connection opened again if it was closed. There is always one: the pool
    /// has as many threads as sessions, and a thread holds one at a time.
    private func checkOut() throws -> PostgresSession {
        guard let session = idle.withLock({ $0.popLast() }) else {
            preconditionFailure("a pool thread found no idle PostgreSQL session")
        }
        guard session.connection.isClosed else { return session }
        do {
            let connection = try Self.connect(location, id: session.connection.id, on: eventLoopGroup.next(), logger: logger).wait()
            return PostgresSession(connection: connection, thread: thread, spellings: spellings, logger: logger)
        } catch {
            idle.withLock { $0.append(session) }
            throw PostgresError(error, sql: "(connecting to \(location.redacted))")
        }
    }

    private static func connect(_ location: PostgresLocation, id: Int, on eventLoop: any EventLoop, logger: Logger) -> EventLoopFuture<PostgresConnection> {
        let configuration = PostgresConnection.Configuration(
            host: location.host, port: location.port, username: location.user, password: location.password, database: location.database,
            tls: .disable)
        return PostgresConnection.connect(on: eventLoop, configuration: configuration, id: id, logger: logger)
    }
}

/// A body handed to a pool thread while its caller waits, and its outcome handed back: used by one
/// thread at a time (the semaphore orders them).
private final class Handed<T>: @unchecked Sendable {
    private var body: ((any StoreConnection) throws -> T)?
    var outcome: Result<T, any Error>?

    init(_ body: @escaping (any StoreConnection) throws -> T) { self.body = body }

    /// The body, once; the holder keeps it no longer.
    func take() -> ((any StoreConnection) throws -> T)? {
        defer { body = nil }
        return body
    }
}
