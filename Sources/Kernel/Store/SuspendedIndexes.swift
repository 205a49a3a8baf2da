package import GRDB

/// Secondary indexes set aside during a bulk load and built again after it, by one sort instead
/// of one random insertion per row.
///
/// `suspend` records each index's definition in `kernel_suspended_index` and drops it, in the
/// caller's transaction; `restore` creates them again and forgets them. Should the loading process
/// die in between, the next `Store.migrate` (every start) restores them, so a database never stays
/// without its indexes past one restart. Only for a process that has the database to itself
/// (`Store.withSoleUse`): a query naming a suspended index (`INDEXED BY`) fails meanwhile.
package enum SuspendedIndexes {
    /// Drops the indexes `names` (those that exist), keeping their definitions; returns those dropped.
    /// SQLite's alone (a bulk load with the database to itself); nothing elsewhere.
    @discardableResult
    package static func suspend(_ names: [String], in connection: any StoreConnection) throws -> [String] {
        guard let db = connection as? Database else { return [] }
        try db.execute(sql: "CREATE TABLE IF NOT EXISTS kernel_suspended_index(name TEXT PRIMARY KEY, sql TEXT NOT NULL)")
        var dropped: [String] = []
        for name in names {
            guard let sql = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?", arguments: [name])
            else { continue }
            try db.execute(sql: "INSERT INTO kernel_suspended_index(name, sql) VALUES (?, ?)", arguments: [name, sql])
            try db.execute(sql: "DROP INDEX \(name.quotedDatabaseIdentifier)")
            dropped.append(name)
        }
        return dropped
    }

    /// True when an index is suspended (a bulk load under way, or one that died).
    package static func pending(in connection: any StoreConnection) throws -> Bool {
        guard let db = connection as? Database, try db.tableExists("kernel_suspended_index") else { return false }
        return try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM kernel_suspended_index)") ?? false
    }

    /// Creates every suspended index again; returns their names.
    @discardableResult
    package static func restore(in connection: any StoreConnection) throws -> [String] {
        guard let db = connection as? Database, try db.tableExists("kernel_suspended_index") else { return [] }
        let rows = try Row.fetchAll(db, sql: "SELECT name, sql FROM kernel_suspended_index ORDER BY name")
        for row in rows {
            try db.execute(sql: row["sql"])
            try db.execute(sql: "DELETE FROM kernel_suspended_index WHERE name = ?", arguments: [row["name"] as String])
        }
        return rows.map { $0["name"] }
    }
}
