import GRDB
import Synchronization

/// Wakes the delivery worker of each practice whose outbox rows a commit inserted, and no other.
///
/// One per store, however many practices' hosts share it: it notes the outbox rows each write
/// transaction inserts (their ids are consecutive, the writer being one connection), reads after the
/// commit which practices they belong to, and fires those practices' signals. With a signal per host
/// watching every commit, a booking in one practice would wake the workers of all of them.
final class OutboxWatch: TransactionObserver, Sendable {
    private let signals = Mutex<[String: [WakeSignal]]>([:])
    /// The first and last outbox row inserted by the current transaction (on the writer's connection).
    private let inserted = Mutex<(first: Int64, last: Int64)?>(nil)

    /// Fires `signal` after every commit that inserted outbox rows of `practiceId`.
    func add(_ signal: WakeSignal, practiceId: String) { signals.withLock { $0[practiceId, default: []].append(signal) } }

    func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool {
        if case .insert(let table) = eventKind { return table == "outbox" }
        return false
    }

    func databaseDidChange(with event: DatabaseEvent) {
        let id = event.rowID
        inserted.withLock { range in range = range.map { (min($0.first, id), max($0.last, id)) } ?? (id, id) }
    }

    func databaseDidCommit(_ db: Database) {
        guard
            let range = inserted.withLock({ r -> (first: Int64, last: Int64)? in
                defer { r = nil }
                return r
            })
        else { return }
        let practices: [String]?
        do {
            practices = try String.fetchAll(
                db, sql: "SELECT DISTINCT practiceId FROM outbox WHERE id BETWEEN ? AND ?", arguments: [range.first, range.last])
        } catch {
            practices = nil
        }
        let targets = signals.withLock { s in practices.map { ids in ids.flatMap { s[$0] ?? [] } } ?? s.values.flatMap { $0 } }
        for signal in targets { signal.fire() }
    }

    func databaseDidRollback(_ db: Database) { inserted.withLock { $0 = nil } }

    /// A server's commit announced outbox rows (`StoreAnnouncement.outboxInserted`): fires the signals of
    /// their practices.
    func announced(_ announcements: [StoreAnnouncement]) {
        let practices = announcements.compactMap { $0.topic == Self.topic ? $0.key : nil }
        guard !practices.isEmpty else { return }
        let targets = signals.withLock { s in practices.flatMap { s[$0] ?? [] } }
        for signal in targets { signal.fire() }
    }

    static let topic = "outbox"
}

extension StoreAnnouncement {
    /// Outbox rows of `practiceId` inserted by the transaction: whoever inserts outbox rows announces
    /// it, so that a server store wakes that practice's delivery worker (`OutboxWatch`).
    package static func outboxInserted(practiceId: String) -> StoreAnnouncement { StoreAnnouncement(topic: OutboxWatch.topic, key: practiceId) }
}
