/// A connection inside a transaction, as the modules' store types see it: the same calls on
/// SQLite and on PostgreSQL.
///
/// Calls are synchronous: a module composes several store calls (check, insert, journal, outbox) in
/// one transaction, and that body is one synchronous closure on either engine. SQL is written in
/// the dialect both engines accept (see `Docs/design/postgresql.md`): parameters `?` or `?N`,
/// `ON CONFLICT` rather than `INSERT OR IGNORE`; the connection rewrites what must differ.
///
/// Method names differ from GRDB's so that GRDB's `Database` conforms without shadowing its own API.
package protocol StoreConnection {
    /// The engine behind the connection, for the few statements a store type writes twice.
    var engine: StoreEngine { get }

    /// Runs one statement (or, uncached, several separated by `;`) that returns no rows.
    /// `cached` keeps it prepared for the connection's life: for SQL text that does not vary.
    func run(_ sql: String, _ arguments: StoreArguments, cached: Bool) throws

    /// Calls `body` with each row of a query in turn until it returns false. The row may be read in
    /// place from the cursor: keep a `copy()` of a row that must outlive the call. The body must not
    /// run statements on this connection (PostgreSQL streams the result on it): read with `rows` first.
    func forEachRow(_ sql: String, _ arguments: StoreArguments, cached: Bool, _ body: (StoreRow) throws -> Bool) throws

    /// Every row of a query, kept in memory (`rows`).
    func allRows(_ sql: String, _ arguments: StoreArguments, cached: Bool) throws -> [StoreRow]

    /// Rows changed by the last statement.
    var changedRows: Int { get }

    /// Runs `body` in a savepoint: if it throws, its changes are undone, with the commit hooks and
    /// announcements it added, and the transaction goes on.
    func savepoint<T>(_ body: () throws -> T) throws -> T

    /// Runs `body` once the current transaction has committed, with this connection outside any
    /// transaction (it may read what was committed); never if the transaction rolls back, nor if the
    /// savepoint it was added in was undone. Hooks run in the order they were added.
    func afterCommit(_ body: @escaping @Sendable (any StoreConnection) -> Void)

    /// Tells the store, once this transaction commits, that `topic` changed for `key` (an outbox row
    /// of a practice was inserted); not if the savepoint it was told in was undone. Engines whose store observes its transactions (SQLite) ignore it;
    /// a server hands the transaction's announcements to its store after the commit (`StoreServer`).
    func announce(_ announcement: StoreAnnouncement)
}

/// The database engine of a connection.
package enum StoreEngine: String, Sendable {
    case sqlite
    case postgresql
}

extension StoreConnection {
    package func run(_ sql: String, _ arguments: StoreArguments = [], cached: Bool = false) throws {
        try run(sql, arguments, cached: cached)
    }

    /// Every row of a query.
    package func rows(_ sql: String, _ arguments: StoreArguments = [], cached: Bool = false) throws -> [StoreRow] {
        try allRows(sql, arguments, cached: cached)
    }

    /// Every row of a query, copied from `forEachRow` (for engines without a faster way).
    package func allRows(_ sql: String, _ arguments: StoreArguments, cached: Bool) throws -> [StoreRow] {
        var rows: [StoreRow] = []
        try forEachRow(sql, arguments, cached: cached) { row in
            rows.append(row.copy())
            return true
        }
        return rows
    }

    /// The first row of a query, if any.
    package func row(_ sql: String, _ arguments: StoreArguments = [], cached: Bool = false) throws -> StoreRow? {
        var first: StoreRow?
        try forEachRow(sql, arguments, cached: cached) { row in
            first = row.copy()
            return false
        }
        return first
    }

    /// The first column of the first row; nil when there is no row or it holds NULL.
    package func value<V: StoreValueConvertible>(
        _ type: V.Type = V.self, _ sql: String, _ arguments: StoreArguments = [], cached: Bool = false
    ) throws -> V? {
        var value: V?
        try forEachRow(sql, arguments, cached: cached) { row in
            value = row[0]
            return false
        }
        return value
    }

    /// The first column of every row, NULLs left out.
    package func values<V: StoreValueConvertible>(
        _ type: V.Type = V.self, _ sql: String, _ arguments: StoreArguments = [], cached: Bool = false
    ) throws -> [V] {
        var values: [V] = []
        try forEachRow(sql, arguments, cached: cached) { row in
            if let value: V = row[0] { values.append(value) }
            return true
        }
        return values
    }
}

extension StoreConnection {
    /// Holds `keys` until the transaction ends: another transaction asking for one of them waits
    /// meanwhile. For a check followed by a write that must not interleave with another's (a slot
    /// still free, no renewal open yet for this patient). SQLite has one writer, so nothing to take
    /// there; on PostgreSQL, where transactions of every connection and node run side by side, an
    /// advisory lock per key, taken in sorted order so that two transactions never wait for each other.
    package func serialize(_ keys: [String]) throws {
        guard engine == .postgresql else { return }
        for key in Set(keys).sorted() {
            try run("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", [key], cached: true)
        }
    }
}
