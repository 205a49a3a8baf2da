import GRDB
import Synchronization

/// Raises `generation` after every commit that booked, changed or removed an appointment, or
/// revoked or removed a calendar feed, on this process's store; never after a rollback, and not
/// for a feed's fetch count (updating `fetches` or `lastFetchedAt` is not observed).
///
/// A feed answer is kept while the generation it was checked under still holds (`FeedCache`), so
/// a booking or a revocation made through this server shows in the very next fetch.
final class FeedChangeObserver: TransactionObserver, Sendable {
    private let counter = Atomic<UInt64>(0)
    /// Set on the writer's connection during a transaction; read there at commit or rollback.
    private let changed = Atomic<Bool>(false)

    /// Read before the database, so that an answer checked under it is never newer than what it says.
    var generation: UInt64 { counter.load(ordering: .acquiring) }

    func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool {
        switch eventKind {
        case .insert(let table): table == "agenda_appointment"
        case .delete(let table): table == "agenda_appointment" || table == "agenda_calendar_feed"
        case .update(let table, let columns):
            table == "agenda_appointment" || (table == "agenda_calendar_feed" && !columns.isSubset(of: ["fetches", "lastFetchedAt"]))
        }
    }

    func databaseDidChange(with event: DatabaseEvent) {
        changed.store(true, ordering: .relaxed)
        stopObservingDatabaseChangesUntilNextTransaction()
    }

    func databaseDidCommit(_ db: Database) {
        if changed.exchange(false, ordering: .relaxed) { counter.add(1, ordering: .releasing) }
    }

    func databaseDidRollback(_ db: Database) {
        changed.store(false, ordering: .relaxed)
    }
}
