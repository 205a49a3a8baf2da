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
        let columns = StoreColumns(statement.columnNames)
        let cursor = try Row.fetchCursor(statement, arguments: arguments.sqlite)
        while let row = try cursor.next() {
            let values = (0..<row.count).map { StoreValue(row[$0] as DatabaseValue) }
            guard try body(StoreRow(columns: columns, values: values)) else { break }
        }
    }

    package var changedRows: Int { changesCount }

    package func savepoint<T>(_ body: () throws -> T) throws -> T {
        var result: T?
        try inSavepoint {
            result = try body()
            return .commit
        }
        return result!
    }
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
