package import Kernel

extension StoreConnection {
    /// Runs `body` in a savepoint, then undoes it (by throwing out of it), whatever `body` did: what
    /// a failing listener or a trial leaves of its work.
    package func undoneSavepoint(_ body: () throws -> Void) throws {
        do {
            try savepoint {
                try body()
                throw Undone()
            }
        } catch is Undone {}
    }
}

/// Thrown to undo a savepoint (`undoneSavepoint`).
private struct Undone: Error {}
