import Foundation
package import GRDB

/// GRDB's connection is the SQLite `StoreConnection`: a store function taking
/// `any StoreConnection` is called with the `Database` of `Store.write` or `Store.read` as it is.
extension Database: StoreConnection {
    package var engine: StoreEngine { .sqlite }

    package func run(_ sql: String, _ arguments: StoreArguments, cached: Bool) throws {
        if cached {
            try cachedStatement(sql: sql).execute(arguments: arguments.sqlite)
        } else {
            try execute(sql: sql, arguments: arguments.sqlite)
        }
    }

    package func forEachRow(_ sql: String, _ arguments: StoreArguments, cached: Bool, _ body: (StoreRow) throws -> Bool) throws {
        let statement = cached ? try cachedStatement(sql: sql) : try makeStatement(sql: sql)
        // Names are looked up in the result's own table (no lower-casing when the case matches).
        let columns = StoreColumns(statement.columnNames)
        let cursor = try Row.fetchCursor(statement, arguments: arguments.sqlite)
        while let row = try cursor.next() {
            guard try body(StoreRow(SQLiteRow(row: row, columns: columns))) else { break }
        }
    }

    /// Rows held in memory, their column names shared (a copied GRDB row costs more to build).
    package func allRows(_ sql: String, _ arguments: StoreArguments, cached: Bool) throws -> [StoreRow] {
        let statement = cached ? try cachedStatement(sql: sql) : try makeStatement(sql: sql)
        let columns = StoreColumns(statement.columnNames)
        var rows: [StoreRow] = []
        let cursor = try Row.fetchCursor(statement, arguments: arguments.sqlite)
        while let row = try cursor.next() {
            rows.append(StoreRow(columns: columns, values: (0..<row.count).map { StoreValue(row[$0] as DatabaseValue) }))
        }
        return rows
    }

    package var changedRows: Int { changesCount }

    /// SQLite's store sees inserted outbox rows through its transaction observer (`OutboxWatch`).
    package func announce(_ announcement: StoreAnnouncement) {}

    package func afterCommit(_ body: @escaping @Sendable (any StoreConnection) -> Void) { SQLiteCommitHooks.add(body, on: self) }

    package func savepoint<T>(_ body: () throws -> T) throws -> T {
        let hooks = SQLiteCommitHooks.count(on: self)
        var result: T?
        do {
            try inSavepoint {
                result = try body()
                return .commit
            }
        } catch {
            SQLiteCommitHooks.drop(after: hooks, on: self)
            throw error
        }
        return result!
    }
}

/// A GRDB row read in place (a cursor's row until `copy()`); GRDB matches names without regard to case.
/// Unchecked: a copied row never changes; a cursor's row is read only during `forEachRow`'s body, on
/// the connection's thread.
struct SQLiteRow: StoreRowSource, @unchecked Sendable {
    let row: Row
    let columns: StoreColumns
    var count: Int { row.count }
    func columnName(at index: Int) -> String { columns.names[index] }
    func value(named column: String) -> StoreValue? { columns.index(of: column).map(value(at:)) }
    func value(at index: Int) -> StoreValue { StoreValue(row[index] as DatabaseValue) }
    func copy() -> any StoreRowSource { SQLiteRow(row: row.copy(), columns: columns) }
}

extension StoreArguments {
    /// The same values as GRDB binds them.
    var sqlite: StatementArguments { StatementArguments(values.map(\.databaseValue)) }
}

extension StoreValue {
    init(_ value: DatabaseValue) {
        switch value.storage {
        case .null: self = .null
        case .int64(let number): self = .integer(number)
        case .double(let number): self = .real(number)
        case .string(let text): self = .text(text)
        case .blob(let data): self = .blob(data)
        }
    }

    var databaseValue: DatabaseValue {
        switch self {
        case .null: .null
        case .integer(let number): number.databaseValue
        case .real(let number): number.databaseValue
        case .text(let text): text.databaseValue
        case .blob(let data): data.databaseValue
        }
    }
}
