import Foundation
package import GRDB
package import Logging
import Synchronization

/// Rows owed to the database that need not hold up the request that owes them (audit rows of
/// reads, counters), gathered in memory and committed behind it.
///
/// A write starts as soon as something is added; what is added while it commits goes into the next
/// one, so under load a few transactions a second hold everything, and nothing waits in memory
/// longer than a commit. `flush()` returns once everything added before it is committed: the host
/// flushes every write-behind before `kernel.audit` reads the trail and at shutdown.
package final class WriteBehind<Pending: Sendable>: Sendable {
    private struct State {
        var pending: Pending
        var writing = false
        /// A write is waiting out its gathering period (`writing` is set too).
        var gathering = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let store: Store
    private let logger: Logger
    private let label: String
    private let empty: Pending
    private let isEmpty: @Sendable (Pending) -> Bool
    private let writeBatch: @Sendable (any StoreConnection, Pending) throws -> Void
    private let state: Mutex<State>
    /// How long a write waits after the first addition, gathering those that follow (zero: none).
    private let gathering: Duration

    /// - Parameters:
    ///   - empty: the value that holds nothing; `isEmpty` tells whether a value holds nothing.
    ///   - write: writes one batch, inside a write transaction.
    ///   - gathering: how long a write waits after the first addition for others to join it: rows
    ///     owed one at a time by a busy console then cost one commit (one disk flush) per period,
    ///     not one each. `flush()` does not wait for it.
    package init(
        store: Store, logger: Logger, label: String, empty: Pending, isEmpty: @escaping @Sendable (Pending) -> Bool,
        gathering: Duration = .zero, write: @escaping @Sendable (any StoreConnection, Pending) throws -> Void
    ) {
        self.gathering = gathering
        self.store = store
        self.logger = logger
        self.label = label
        self.empty = empty
        self.isEmpty = isEmpty
        self.writeBatch = write
        state = Mutex(State(pending: empty))
    }

    /// Adds to what is owed (`update` runs under the lock: keep it short) and starts a write if none runs.
    package func add(_ update: (inout Pending) -> Void) {
        let start = state.withLock { s -> Bool in
            update(&s.pending)
            if s.writing { return false }
            s.writing = true
            s.gathering = gathering > .zero
            return true
        }
        guard start else { return }
        guard gathering > .zero else {
            Task { await self.drain() }
            return
        }
        Task {
            try? await Task.sleep(for: gathering)
            // A `flush` may have ended the gathering and started the write already.
            let still = state.withLock { s in
                defer { s.gathering = false }
                return s.gathering
            }
            if still { await self.drain() }
        }
    }

    /// Returns once everything added before the call is committed.
    package func flush() async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let start = state.withLock { s -> Bool? in
                if !s.writing && isEmpty(s.pending) { return nil }
                s.waiters.append(c)
                if s.gathering {
                    // Whoever waits for the rows does not wait out the gathering period.
                    s.gathering = false
                    return true
                }
                if s.writing { return false }
                s.writing = true
                return true
            }
            switch start {
            case nil: c.resume()
            case true?: Task { await self.drain() }
            case false?: break
            }
        }
    }

    /// Writes batches until nothing is left, then wakes whoever waits in `flush`.
    private func drain() async {
        while true {
            let (batch, waiters) = state.withLock { s -> (Pending?, [CheckedContinuation<Void, Never>]) in
                if isEmpty(s.pending) {
                    // Under the same lock as `add` reads it: a later addition starts its own write.
                    s.writing = false
                    defer { s.waiters = [] }
                    return (nil, s.waiters)
                }
                defer { s.pending = empty }
                return (s.pending, [])
            }
            guard let batch else {
                for w in waiters { w.resume() }
                return
            }
            let write = writeBatch
            do {
                try await store.write { db in try write(db, batch) }
            } catch {
                logger.error("\(label): a batch could not be written: \(error)")
            }
        }
    }
}
