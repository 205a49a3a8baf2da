import GRDB
import Synchronization

/// The `afterCommit` hooks of the SQLite transactions under way, one list per connection, so that a
/// hook belongs to the savepoint that added it: `StoreConnection.savepoint` drops the hooks its body
/// added when that body throws (GRDB's own `afterNextTransaction` hooks would still run at commit).
///
/// One GRDB hook per transaction runs the list, in the order the hooks were added, once the
/// transaction has committed; a rollback drops it. Used on the connection's writer queue only.
enum SQLiteCommitHooks {
    typealias Hook = @Sendable (any StoreConnection) -> Void

    /// Unchecked: the connection is only compared with the one calling, on its writer queue.
    private struct Pending: @unchecked Sendable {
        weak var connection: Database?
        var hooks: [Hook]
    }

    /// Keyed by connection; an entry lives from a transaction's first hook to its end.
    private static let pending = Mutex<[ObjectIdentifier: Pending]>([:])

    /// Adds `hook` to the hooks of `db`'s transaction.
    static func add(_ hook: @escaping Hook, on db: Database) {
        let key = ObjectIdentifier(db)
        let first = pending.withLock { p -> Bool in
            // An entry whose connection is gone belongs to another that had this address.
            if let entry = p[key], entry.connection === db {
                p[key]!.hooks.append(hook)
                return false
            }
            p[key] = Pending(connection: db, hooks: [hook])
            return true
        }
        guard first else { return }
        db.afterNextTransaction(
            onCommit: { db in
                for hook in take(key) { hook(db) }
            },
            onRollback: { _ in _ = take(key) })
    }

    /// How many hooks `db`'s transaction has so far: where a savepoint starts.
    static func count(on db: Database) -> Int {
        pending.withLock { p in p[ObjectIdentifier(db)].flatMap { $0.connection === db ? $0.hooks.count : nil } ?? 0 }
    }

    /// Drops the hooks added since there were `count` (a savepoint rolled back).
    static func drop(after count: Int, on db: Database) {
        pending.withLock { p in
            let key = ObjectIdentifier(db)
            guard let entry = p[key], entry.connection === db, entry.hooks.count > count else { return }
            p[key]!.hooks.removeSubrange(count...)
        }
    }

    private static func take(_ key: ObjectIdentifier) -> [Hook] {
        pending.withLock { $0.removeValue(forKey: key) }?.hooks ?? []
    }
}
