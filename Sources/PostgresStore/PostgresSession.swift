import Foundation
package import Kernel
import Logging
import NIOCore
package import PostgresNIO

/// One PostgreSQL connection as a synchronous `StoreConnection`: each call sends its statement and
/// blocks the calling thread until the server has answered.
///
/// It runs only on a thread of its database's `NIOThreadPool` (checked on every call): blocking a
/// thread of the Swift task pool would starve the tasks, and blocking an event loop would wait for
/// an answer that loop itself has to read. One thread uses a session at a time; the database hands
/// it from one transaction to the next.
///
/// The SQL is rewritten by `PostgresDialect` (kept per text for `cached` statements). Values bind as
/// int8, float8, text, bytea or an untyped NULL; results read int2/int4/int8/bool as integers,
/// float4/float8/numeric as reals, text/varchar/bpchar/name as text and bytea as blobs. A failed
/// statement aborts the transaction on PostgreSQL (unlike SQLite): go on after one only inside
/// `savepoint`.
package final class PostgresSession: StoreConnection, @unchecked Sendable {
    package let connection: PostgresConnection
    private let logger: Logger
    private let thread: PoolThread
    private let spellings: ColumnSpellings
    private var rewritten: [String: [PostgresDialect.Statement]] = [:]
    private var preparedStatements = PreparedStatements()
    private let executor: EventLoopTaskExecutor
    private var savepoints = 0
    package private(set) var changedRows = 0
    /// `afterCommit` hooks of the transaction under way (those of an undone savepoint dropped).
    private var commitHooks: [@Sendable (any StoreConnection) -> Void] = []
    /// `announce`d changes of the transaction under way, each once, in the order first announced.
    private var announcements: [StoreAnnouncement] = []

    init(connection: PostgresConnection, thread: PoolThread, spellings: ColumnSpellings, logger: Logger) {
        self.connection = connection
        self.thread = thread
        self.spellings = spellings
        self.logger = logger
        executor = EventLoopTaskExecutor(connection.eventLoop)
    }

    package var engine: StoreEngine { .postgresql }

    package func run(_ sql: String, _ arguments: StoreArguments, cached: Bool) throws {
        let statements = self.statements(sql, cached: cached)
        if statements.count > 1 {
            guard arguments.values.isEmpty, !cached else {
                throw PostgresError(sqlState: nil, message: "several statements take neither arguments nor caching", sql: sql)
            }
        }
        for statement in statements {
            _ = try execute(statement, arguments, sql: sql, cached: cached)
        }
    }

    package func forEachRow(_ sql: String, _ arguments: StoreArguments, cached: Bool, _ body: (StoreRow) throws -> Bool) throws {
        let statements = self.statements(sql, cached: cached)
        guard statements.count <= 1 else {
            throw PostgresError(sqlState: nil, message: "a query is one statement", sql: sql)
        }
        guard let statement = statements.first else { return }
        let rows = try execute(statement, arguments, sql: sql, cached: cached)
        guard let first = rows.first else { return }
        let columns = StoreColumns(spellings.respell(first.map(\.columnName)))
        for row in rows {
            var values: [StoreValue] = []
            values.reserveCapacity(columns.names.count)
            for cell in row { values.append(try Self.value(of: cell, sql: sql)) }
            guard try body(StoreRow(columns: columns, values: values)) else { return }
        }
    }

    package func afterCommit(_ body: @escaping @Sendable (any StoreConnection) -> Void) { commitHooks.append(body) }

    package func announce(_ announcement: StoreAnnouncement) {
        if !announcements.contains(announcement) { announcements.append(announcement) }
    }

    /// Ends the transaction's hooks: runs them after a commit, drops them after a rollback. Returns
    /// what the transaction announced if it committed, nothing otherwise.
    @discardableResult
    package func transactionEnded(committed: Bool) -> [StoreAnnouncement] {
        let hooks = commitHooks
        let announced = announcements
        commitHooks = []
        announcements = []
        guard committed else { return [] }
        for hook in hooks { hook(self) }
        return announced
    }

    package func savepoint<T>(_ body: () throws -> T) throws -> T {
        savepoints += 1
        defer { savepoints -= 1 }
        let name = "store_savepoint_\(savepoints)"
        try command("SAVEPOINT \(name)")
        let kept = (hooks: commitHooks.count, announced: announcements.count)
        let result: T
        do {
            result = try body()
        } catch {
            // Should undoing fail too, the transaction is lost anyway: the body's error says why.
            _ = try? command("ROLLBACK TO SAVEPOINT \(name)")
            _ = try? command("RELEASE SAVEPOINT \(name)")
            // What the body added goes with its changes (announcements are each kept once, so those
            // past the mark are the ones it made first).
            commitHooks.removeSubrange(kept.hooks...)
            announcements.removeSubrange(kept.announced...)
            throw error
        }
        try command("RELEASE SAVEPOINT \(name)")
        return result
    }

    /// Runs a statement of the session's own (transaction control), not rewritten; returns its
    /// command tag's verb (`COMMIT` answers `ROLLBACK` when the transaction had failed).
    @discardableResult
    func command(_ sql: String) throws -> String {
        try wait(PostgresQuery(unsafeSQL: sql), sql: sql).metadata.command
    }

    private func statements(_ sql: String, cached: Bool) -> [PostgresDialect.Statement] {
        guard cached else { return PostgresDialect.rewrite(sql) }
        if let statements = rewritten[sql] { return statements }
        let statements = PostgresDialect.rewrite(sql)
        rewritten[sql] = statements
        return statements
    }

    private func execute(_ statement: PostgresDialect.Statement, _ arguments: StoreArguments, sql: String, cached: Bool) throws -> [PostgresRow] {
        var binds = PostgresBindings(capacity: arguments.values.count)
        for value in arguments.values {
            switch value {
            case .null: binds.appendNull()
            case .integer(let number): binds.append(number)
            case .real(let number): binds.append(number)
            case .text(let text): binds.append(text)
            case .blob(let data): binds.append(ByteBuffer(bytes: data))
            }
        }
        if cached { return try executePrepared(statement, binds: binds, arguments: arguments, sql: sql) }
        let result = try wait(PostgresQuery(unsafeSQL: statement.sql, binds: binds), sql: sql)
        switch result.metadata.command {
        case "INSERT", "UPDATE", "DELETE": changedRows = result.metadata.rows ?? 0
        default: break
        }
        return result.rows
    }

    /// Runs a `cached` statement as a prepared statement of this connection (prepared on its first
    /// use with these argument types, then only bound and executed): the server parses and plans it
    /// once per connection instead of once per call.
    private func executePrepared(
        _ statement: PostgresDialect.Statement, binds: PostgresBindings, arguments: StoreArguments, sql: String
    ) throws -> [PostgresRow] {
        thread.check()
        let key = PreparedStatements.Key(sql: statement.sql, arguments: arguments)
        let prepared = preparedStatements.statement(for: key)
        let outcome: Result<PreparedStatements.Outcome, any Error> = PreparedStatements.run(
            prepared, binds: binds, on: connection, executor: executor, logger: logger)
        switch outcome {
        case .success(let done):
            if let changed = done.changedRows { changedRows = changed }
            return done.rows
        case .failure(let error):
            // A statement whose preparation failed stays failed under its name on this connection:
            // the next call prepares it afresh under another.
            preparedStatements.forget(key)
            throw PostgresError(error, sql: sql)
        }
    }

    private func wait(_ query: PostgresQuery, sql: String) throws -> PostgresQueryResult {
        thread.check()
        do {
            return try connection.query(query, logger: logger).wait()
        } catch {
            throw PostgresError(error, sql: sql)
        }
    }

    private static func value(of cell: PostgresCell, sql: String) throws -> StoreValue {
        guard cell.bytes != nil else { return .null }
        do {
            switch cell.dataType {
            case .int2, .int4, .int8: return .integer(try cell.decode(Int64.self))
            case .bool: return .integer(try cell.decode(Bool.self) ? 1 : 0)
            case .float4, .float8: return .real(try cell.decode(Double.self))
            case .numeric: return .real(NSDecimalNumber(decimal: try cell.decode(Decimal.self)).doubleValue)
            case .text, .varchar, .bpchar, .name: return .text(try cell.decode(String.self))
            case .bytea: return .blob(Data(try cell.decode(ByteBuffer.self).readableBytesView))
            default: break
            }
        } catch {
            throw PostgresError(
                sqlState: nil, message: "column \(cell.columnName) (\(Self.name(of: cell.dataType))) could not be read: \(error)", sql: sql)
        }
        throw PostgresError(
            sqlState: nil,
            message: "column \(cell.columnName) is of type \(Self.name(of: cell.dataType)), which the store does not read "
                + "(integers, booleans, reals, numeric, text and bytea only: cast it in the query)",
            sql: sql)
    }

    /// A type's name as PostgreSQL spells it (`timestamptz`), or its OID.
    private static func name(of type: PostgresDataType) -> String {
        type.knownSQLName?.lowercased() ?? "oid \(type.rawValue)"
    }
}
