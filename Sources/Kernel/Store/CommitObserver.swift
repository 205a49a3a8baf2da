package import GRDB
import Synchronization

/// Calls `onCommit` after every commit that made a change `observes` selects, whoever made it on
/// this store's writer, and never after a rollback.
///
/// Keep it alive while it is needed: the store holds its transaction observers weakly
/// (`add(transactionObserver:extent: .observerLifetime)`). The host's outbox signal is one (inserts
/// into `outbox`); the agenda's calendar feeds keep another (appointments and revocations).
package final class CommitObserver: TransactionObserver, Sendable {
    private let selects: @Sendable (DatabaseEventKind) -> Bool
    private let onCommit: @Sendable () -> Void
    /// Set on the writer's connection during a transaction; read there at commit or rollback.
    private let changed = Atomic<Bool>(false)

    package init(observes: @escaping @Sendable (DatabaseEventKind) -> Bool, onCommit: @escaping @Sendable () -> Void) {
        selects = observes
        self.onCommit = onCommit
    }

    package func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool { selects(eventKind) }

    package func databaseDidChange(with event: DatabaseEvent) {
        changed.store(true, ordering: .relaxed)
        stopObservingDatabaseChangesUntilNextTransaction()
    }

    package func databaseDidCommit(_ db: Database) {
        if changed.exchange(false, ordering: .relaxed) { onCommit() }
    }

    package func databaseDidRollback(_ db: Database) {
        changed.store(false, ordering: .relaxed)
    }
}
