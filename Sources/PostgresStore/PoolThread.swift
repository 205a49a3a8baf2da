import NIOPosix

/// The mark of a database's pool threads: set around each piece of work the database runs on its
/// `NIOThreadPool`, checked by its sessions before they block.
final class PoolThread: Sendable {
    private static let current = ThreadSpecificVariable<PoolThread>()

    /// Runs `body` with the calling thread marked as one of this pool's.
    func enter<T>(_ body: () throws -> T) rethrows -> T {
        Self.current.currentValue = self
        defer { Self.current.currentValue = nil }
        return try body()
    }

    /// Whether the calling thread is one of this pool's.
    var isCurrent: Bool { Self.current.currentValue === self }

    /// Stops the process unless the calling thread is one of this pool's: a session that blocked a
    /// thread of the task pool or an event loop would starve it, or wait for itself.
    func check() {
        precondition(Self.current.currentValue === self, "a PostgreSQL session runs only on its database's thread pool")
    }
}
