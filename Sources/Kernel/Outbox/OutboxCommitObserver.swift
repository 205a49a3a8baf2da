import GRDB
import Synchronization

/// Fires the host's outbox signal after every commit that inserted outbox rows, whoever inserted
/// them (`Outbox.enqueue`, Notify's fan-out), and never after a rollback.
///
/// Registered by `KernelHost` on its own store, so a commit wakes only that host's delivery worker.
final class OutboxCommitObserver: TransactionObserver, Sendable {
    private let signal: WakeSignal
    /// Set on the writer's connection during a transaction; read there at commit or rollback.
    private let inserted = Atomic<Bool>(false)

    init(signal: WakeSignal) { self.signal = signal }

    func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool {
        if case .insert(let table) = eventKind { return table == "outbox" }
        return false
    }

    func databaseDidChange(with event: DatabaseEvent) {
        inserted.store(true, ordering: .relaxed)
        stopObservingDatabaseChangesUntilNextTransaction()
    }

    func databaseDidCommit(_ db: Database) {
        if inserted.exchange(false, ordering: .relaxed) { signal.fire() }
    }

    func databaseDidRollback(_ db: Database) {
        inserted.store(false, ordering: .relaxed)
    }
}
