/// A database server a `Store` stands on instead of a SQLite file (PostgreSQL, in `PostgresStore`).
///
/// Its transactions run their synchronous bodies on threads of its own, never on the task pool or an
/// event loop. What SQLite's transaction observers see by themselves, a server learns from the
/// transaction's announcements (`StoreConnection.announce`), handed to `onCommit` after each commit.
package protocol StoreServer: Sendable {
    /// Where the database is, without its password: for logs and `kernel.status`.
    var address: String { get }

    /// Runs `body` in a transaction; commits what it did unless it throws.
    func write<T: Sendable>(_ body: @escaping @Sendable (any StoreConnection) throws -> T) async throws -> T

    /// Runs `body` in a read-only transaction that sees one state of the database throughout.
    func read<T: Sendable>(_ body: @escaping @Sendable (any StoreConnection) throws -> T) async throws -> T

    /// Like `read`, for code that cannot await: the calling thread waits until one of the server's
    /// threads has run `body` (or runs it at once on one of them, in `runOnServerThread`). Never call
    /// it inside a transaction's body.
    func readWaiting<T>(_ body: (any StoreConnection) throws -> T) throws -> T

    /// Like `readWaiting`, outside any transaction: each statement of `body` sees the latest commit
    /// (for `Store.peek`: one statement, no `BEGIN` and `COMMIT` around it).
    func peekWaiting<T>(_ body: (any StoreConnection) throws -> T) throws -> T

    /// Runs `body`, which may call `readWaiting` (a method answered synchronously), on one of the
    /// server's threads, so that its waits for the network hold none of the task pool's few threads.
    func runOnServerThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T

    /// Like `write`, for code that cannot await (see `readWaiting`).
    func writeWaiting<T>(_ body: (any StoreConnection) throws -> T) throws -> T

    /// Calls `listener` after every commit that announced something, with what it announced (each
    /// once, in the order first announced).
    func onCommit(_ listener: @escaping @Sendable ([StoreAnnouncement]) -> Void)

    /// Learns how the schema spells column names (`lastName`), so that results name columns so
    /// even where the engine folds unquoted names to lower case.
    func adoptColumnSpellings(_ names: [String])

    /// Calls `wake` after each notification on `channel` (PostgreSQL's `LISTEN`), and whenever a
    /// notification may have been missed (the listening connection reopened); until the returned
    /// closure is called.
    func listen(channel: String, wake: @escaping @Sendable () -> Void) -> @Sendable () -> Void

    /// Waits for the transactions under way and closes the connections.
    func close() throws
}

/// A change a transaction tells the store about, for the engines that do not observe their
/// transactions: `topic` names what changed (`"outbox"`), `key` whose (a practice id).
package struct StoreAnnouncement: Hashable, Sendable {
    package var topic: String
    package var key: String

    package init(topic: String, key: String) {
        self.topic = topic
        self.key = key
    }
}
