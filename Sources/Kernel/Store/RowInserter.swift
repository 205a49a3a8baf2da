package import GRDB
import GRDBSQLite

/// A prepared statement run once per row with its values bound straight to SQLite, for loops of
/// millions of rows (an import), where building `StatementArguments` for each row cost more than
/// the insert itself. On another engine it runs the same statement through the seam (`run`, cached).
///
/// Rows written this way are not reported to transaction observers one by one (the commit still
/// is): use it only on tables no `TransactionObserver` watches row by row (today: `kpi_call`,
/// `practice_contact`). The statement is reset after each row.
package struct RowInserter {
    /// A value of a row, in the statement's parameter order.
    package enum Value {
        case text(String?)
        case real(Double?)
        case integer(Int64?)

        var storeValue: StoreValue {
            switch self {
            case .text(let text): text.map(StoreValue.text) ?? .null
            case .real(let number): number.map(StoreValue.real) ?? .null
            case .integer(let number): number.map(StoreValue.integer) ?? .null
            }
        }
    }

    /// SQLite's prepared statement; nil on another engine.
    private let statement: Statement?
    private let sql: String

    /// Prepares (or takes from the connection's cache) the statement `sql`.
    package init(_ db: any StoreConnection, sql: String) throws {
        statement = try (db as? Database)?.cachedStatement(sql: sql)
        self.sql = sql
    }

    /// Runs the statement with `values` bound to its parameters 1, 2, …; returns the rows it changed.
    @discardableResult
    package func run(_ values: Value..., in db: any StoreConnection) throws -> Int {
        guard let statement, let db = db as? Database else {
            try db.run(sql, StoreArguments(values: values.map(\.storeValue)), cached: true)
            return db.changedRows
        }
        let handle = statement.sqliteStatement
        defer {
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
        }
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32
            switch value {
            case .text(nil), .real(nil), .integer(nil):
                code = sqlite3_bind_null(handle, index)
            case .text(var text?):
                code = text.withUTF8 { bytes in
                    sqlite3_bind_text(handle, index, bytes.baseAddress.map(UnsafeRawPointer.init) ?? Self.empty, Int32(bytes.count), Self.transient)
                }
            case .real(let number?):
                code = sqlite3_bind_double(handle, index, number)
            case .integer(let number?):
                code = sqlite3_bind_int64(handle, index, number)
            }
            guard code == SQLITE_OK else { throw error(code, db) }
        }
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE || code == SQLITE_ROW else { throw error(code, db) }
        return Int(sqlite3_changes(db.sqliteConnection))
    }

    private func error(_ code: Int32, _ db: Database) -> DatabaseError {
        DatabaseError(
            resultCode: ResultCode(rawValue: code), message: db.sqliteConnection.map { String(cString: sqlite3_errmsg($0)) },
            sql: sql)
    }

    /// SQLite copies the bytes before `bind` returns.
    private static var transient: sqlite3_destructor_type { unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self) }
    /// A non-null pointer for the empty string (a null one would bind NULL).
    private static var empty: UnsafeRawPointer { UnsafeRawPointer(("" as StaticString).utf8Start) }
}
