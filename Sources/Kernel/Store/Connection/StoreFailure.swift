import GRDB

/// What went wrong with a statement, in the terms a module acts on, whichever engine said it.
package enum StoreFailure: Sendable, Equatable {
    /// A unique key or primary key already holds the value (SQLite `SQLITE_CONSTRAINT_UNIQUE` /
    /// `_PRIMARYKEY`, PostgreSQL 23505).
    case uniqueViolation
    /// An exclusion constraint refused the row: it overlaps another (PostgreSQL 23P01).
    case exclusionViolation
    /// Another constraint refused the row: NOT NULL, CHECK, foreign key (PostgreSQL 23xxx).
    case constraintViolation
    /// The transaction lost a race with another one and may be retried as a whole (SQLite busy,
    /// PostgreSQL 40001 serialization failure, 40P01 deadlock).
    case retryable
    /// Anything else.
    case other

    /// Classifies an error thrown by a store call. Engines register how to read their own errors.
    package init(_ error: any Error) {
        if let error = error as? DatabaseError {
            switch error.extendedResultCode {
            case .SQLITE_CONSTRAINT_UNIQUE, .SQLITE_CONSTRAINT_PRIMARYKEY: self = .uniqueViolation
            default:
                switch error.resultCode {
                case .SQLITE_CONSTRAINT: self = .constraintViolation
                case .SQLITE_BUSY, .SQLITE_LOCKED: self = .retryable
                default: self = .other
                }
            }
            return
        }
        if let error = error as? any ClassifiedStoreError {
            self = error.failure
            return
        }
        self = .other
    }
}

/// An engine's error that knows its `StoreFailure` (PostgreSQL's SQLSTATE, read by its connection).
package protocol ClassifiedStoreError: Error {
    var failure: StoreFailure { get }
}
