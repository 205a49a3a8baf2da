package import Kernel
import PostgresNIO

/// A statement that PostgreSQL (or the connection to it) refused, with its SQLSTATE read as a
/// `StoreFailure`: 23505 a unique violation, 23P01 an exclusion violation, any other 23xxx a
/// constraint violation (NOT NULL, CHECK, foreign key), 40001 and 40P01 retryable.
///
/// Its description carries the server's message and the statement's SQL text, never the values
/// bound to it nor the server's detail (which quotes them: patient data stays out of logs).
package struct PostgresError: ClassifiedStoreError, CustomStringConvertible {
    /// The five-character SQLSTATE; nil when the server said nothing (the connection failed, a value
    /// could not be read).
    package let sqlState: String?
    package let message: String
    /// The server's detail (for a duplicate key, the key and its value).
    package let detail: String?
    package let sql: String

    package init(sqlState: String?, message: String, detail: String? = nil, sql: String) {
        self.sqlState = sqlState
        self.message = message
        self.detail = detail
        self.sql = sql
    }

    /// What postgres-nio threw for `sql`.
    package init(_ error: any Error, sql: String) {
        if let error = error as? PostgresError {
            self = error
        } else if let error = error as? PSQLError {
            let server = error.serverInfo
            self.init(
                sqlState: server?[.sqlState], message: server?[.message] ?? "\(error.code)", detail: server?[.detail], sql: sql)
        } else {
            self.init(sqlState: nil, message: String(describing: error), sql: sql)
        }
    }

    package var failure: StoreFailure {
        guard let sqlState else { return .other }
        switch sqlState {
        case "23505": return .uniqueViolation
        case "23P01": return .exclusionViolation
        case "40001", "40P01": return .retryable
        case _ where sqlState.hasPrefix("23"): return .constraintViolation
        default: return .other
        }
    }

    package var description: String {
        "PostgreSQL\(sqlState.map { " \($0)" } ?? ""): \(message) — in: \(sql)"
    }
}
