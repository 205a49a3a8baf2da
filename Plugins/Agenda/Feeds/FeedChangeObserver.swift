import GRDB
import Kernel
import Synchronization

/// Raises `generation` after every commit that booked, changed or removed an appointment, or
/// revoked or removed a calendar feed, on this process's store; never after a rollback, and not
/// for a feed's fetch count (updating `fetches` or `lastFetchedAt` is not observed).
///
/// A feed answer is kept while the generation it was checked under still holds (`FeedCache`), so
/// a booking or a revocation made through this server shows in the very next fetch.
final class FeedChangeObserver: Sendable {
    private final class Counter: Sendable { let value = Atomic<UInt64>(0) }
    private let counter = Counter()
    /// Registered on the store's writer by `watch(_:)`; kept alive here (the store holds it weakly).
    private let observer: CommitObserver
    /// Set when the store cannot be observed: no answer is reused without checking the database.
    private let everyRead = Atomic<Bool>(false)

    init() {
        let counter = self.counter
        observer = CommitObserver(observes: Self.isFeedChange, onCommit: { counter.value.add(1, ordering: .releasing) })
    }

    /// Watches the commits of `store`. A store that does not see its commits (a server, where other
    /// nodes write too) gets a new generation at every read: each fetch checks the database's stamp.
    func watch(_ store: Store) {
        if let writer = store.sqlite {
            writer.add(transactionObserver: observer, extent: .observerLifetime)
        } else {
            everyRead.store(true, ordering: .releasing)
        }
    }

    /// Read before the database, so that an answer checked under it is never newer than what it says.
    var generation: UInt64 {
        if everyRead.load(ordering: .acquiring) { return counter.value.add(1, ordering: .acquiringAndReleasing).newValue }
        return counter.value.load(ordering: .acquiring)
    }

    static func isFeedChange(_ eventKind: DatabaseEventKind) -> Bool {
        switch eventKind {
        case .insert(let table): table == "agenda_appointment"
        case .delete(let table): table == "agenda_appointment" || table == "agenda_calendar_feed"
        case .update(let table, let columns):
            (table == "agenda_appointment" && !columns.isSubset(of: ["reminderConsidered"]))
                || (table == "agenda_calendar_feed" && !columns.isSubset(of: ["fetches", "lastFetchedAt"]))
        }
    }
}
