import Dispatch
import Foundation
import Kernel
import Logging
import NIOCore
import PostgresNIO
import Synchronization

/// The prepared statements of one connection: a statement text with the types of its arguments
/// has one name, prepared by postgres-nio on its first execution and then only bound and executed
/// (no parse, no plan, no row description on the wire).
///
/// The types are part of the key: a statement is prepared with the types of the arguments it was
/// first given (an argument bound as NULL leaves its type to the server), and a later call with
/// other types gets a statement of its own.
struct PreparedStatements {
    /// A statement text and the types of its arguments.
    struct Key: Hashable {
        let sql: String
        /// One letter an argument: n(ull), i(nteger), r(eal), t(ext), b(lob).
        let types: String

        init(sql: String, arguments: StoreArguments) {
            self.sql = sql
            var types = ""
            types.reserveCapacity(arguments.values.count)
            for value in arguments.values {
                switch value {
                case .null: types.append("n")
                case .integer: types.append("i")
                case .real: types.append("r")
                case .text: types.append("t")
                case .blob: types.append("b")
                }
            }
            self.types = types
        }
    }

    /// A statement as this connection prepared it: its name, kind and text.
    struct Prepared {
        let name: String
        let kind: Kind
        let sql: String
    }

    /// What a statement answers, and the text prepared for it.
    enum Kind: Hashable {
        /// Rows of a query.
        case query
        /// A change (`INSERT`, `UPDATE`, `DELETE`): prepared with `RETURNING` (added as `RETURNING 1`
        /// when it has none), so that its count is the rows it answers.
        case change

        init(_ sql: String) {
            let verb = sql.drop { $0.isWhitespace || $0 == "(" }.prefix { $0.isLetter }.uppercased()
            self = ["INSERT", "UPDATE", "DELETE"].contains(verb) ? .change : .query
        }

        /// The text to prepare for `sql`.
        func prepared(_ sql: String) -> String {
            guard self == .change, sql.range(of: "RETURNING", options: .caseInsensitive) == nil else { return sql }
            return sql + " RETURNING 1"
        }
    }

    /// What an execution gave.
    struct Outcome: Sendable {
        var rows: [PostgresRow]
        /// The rows a change touched; nil for a query.
        var changedRows: Int?
    }

    private var named: [Key: Prepared] = [:]
    private var made = 0

    /// `key`'s statement on this connection: named, and its kind and text worked out, the first time.
    mutating func statement(for key: Key) -> Prepared {
        if let known = named[key] { return known }
        made += 1
        let kind = Kind(key.sql)
        let prepared = Prepared(name: "permanence_\(made)", kind: kind, sql: kind.prepared(key.sql))
        named[key] = prepared
        return prepared
    }

    /// Forgets `key`'s name: its next execution prepares it under a new one.
    mutating func forget(_ key: Key) { named[key] = nil }

    /// Executes `statement` (prepared first if this connection has not yet) and waits for its answer,
    /// blocking the calling thread (a thread of the database's pool).
    static func run(
        _ statement: Prepared, binds: PostgresBindings, on connection: PostgresConnection, executor: EventLoopTaskExecutor, logger: Logger
    ) -> Result<Outcome, any Error> {
        let kind = statement.kind
        let outcome = Mutex<Result<Outcome, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        // On the connection's own event loop: not on Swift's task pool, whose threads may be the
        // very ones waiting for this pool thread (`readWaiting`).
        Task(executorPreference: executor) {
            let result: Result<Outcome, any Error>
            do {
                result = .success(
                    try await NamedStatement.$current.withValue(NamedStatement.Text(name: statement.name, sql: statement.sql)) {
                        var rows: [PostgresRow] = []
                        for try await row in try await connection.execute(NamedStatement(bindings: binds), logger: logger) {
                            rows.append(row)
                        }
                        return Outcome(rows: rows, changedRows: kind == .change ? rows.count : nil)
                    })
            } catch {
                result = .failure(error)
            }
            outcome.withLock { $0 = result }
            done.signal()
        }
        done.wait()
        return outcome.withLock { $0 }!
    }
}

/// A statement known by a name and text chosen at run time: postgres-nio reads a prepared
/// statement's name and text from its type, so they are given to it through the executing task.
private struct NamedStatement: PostgresPreparedStatement {
    struct Text: Sendable {
        let name: String
        let sql: String
    }
    @TaskLocal static var current = Text(name: "", sql: "")
    static var name: String { current.name }
    static var sql: String { current.sql }

    let bindings: PostgresBindings
    func makeBindings() -> PostgresBindings { bindings }
    func decodeRow(_ row: PostgresRow) -> PostgresRow { row }
}

/// Runs a task's jobs on one event loop (a session's, for the statements it waits for).
final class EventLoopTaskExecutor: TaskExecutor {
    let loop: any EventLoop

    init(_ loop: any EventLoop) { self.loop = loop }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        loop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
