import Foundation
import Kernel
import PostgresStore

/// Where a command's database is: a SQLite file (`:memory:` for a private one) or a PostgreSQL URL
/// (`postgres://USER[:PASSWORD]@HOST[:PORT]/DB`). `--db` names it; without it,
/// `PERMANENCE_DATABASE_URL`; without that, `./permanence.sqlite`.
struct DatabaseLocation: Sendable {
    /// The variable read when `--db` is not given.
    static let environmentVariable = "PERMANENCE_DATABASE_URL"
    static let defaultFile = "./permanence.sqlite"
    /// Connections a node keeps to PostgreSQL (each with a thread of its own).
    static let serverConnections = 8

    let value: String

    /// `option` if given, else the environment's, else the default file.
    init(_ option: String?, environment: [String: String] = ProcessInfo.processInfo.environment) {
        value = option ?? environment[Self.environmentVariable].flatMap { $0.isEmpty ? nil : $0 } ?? Self.defaultFile
    }

    /// A PostgreSQL URL rather than a file.
    var isServer: Bool { value.hasPrefix("postgres://") || value.hasPrefix("postgresql://") }

    /// Opens the database; one that cannot be opened is one clear line naming it (never its password).
    /// `node` names this process among the nodes sharing the database (`Store.node`).
    func open(node: String = Store.defaultNode) async throws -> Store {
        if value == ":memory:" { return try Store() }
        if isServer {
            do {
                return Store(server: try await PostgresDatabase.open(url: value, connections: Self.serverConnections), node: node)
            } catch {
                let shown = (try? PostgresLocation(url: value).redacted) ?? "the PostgreSQL URL"
                throw CommandFailure("\(shown): cannot open the database (\(CommandFailure(error).description))")
            }
        }
        do {
            return try Store(path: value, node: node)
        } catch {
            throw CommandFailure("\(value): cannot open the database (\(CommandFailure(error).description.replacingOccurrences(of: "database: ", with: "")))")
        }
    }
}
