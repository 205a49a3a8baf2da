import Foundation
import PostgresStore
import ThrowawayPostgres

/// Where a bench's PostgreSQL runs: a durable throwaway cluster started on this machine (removed
/// at `stop`), or a server the user names, on which each run gets a database of its own, created
/// here and left in place for inspection (`NAME_label`, beside the URL's database `NAME`).
enum BenchDatabases {
    case cluster(PostgresCluster)
    case server(url: String, location: PostgresLocation, admin: PostgresDatabase)

    /// A throwaway cluster when `url` is nil; else the server of `url`, checked by connecting to it.
    static func start(url: String?) async throws -> BenchDatabases {
        guard let url else { return .cluster(try await PostgresCluster.start(durable: true)) }
        let location = try PostgresLocation(url: url)
        return .server(url: url, location: location, admin: try await PostgresDatabase.open(url: url, connections: 1))
    }

    /// The server's address, without its password.
    var address: String {
        switch self {
        case .cluster: "a throwaway cluster on this machine"
        case .server(_, let location, _): location.redacted
        }
    }

    /// A new empty database for the run called `label`; its URL.
    func make(_ label: String) async throws -> String {
        switch self {
        case .cluster(let cluster):
            return try await cluster.makeDatabase()
        case .server(let url, let location, let admin):
            let name = "\(location.database)_\(label)"
            try await admin.runOutsideTransaction("CREATE DATABASE \"\(name.replacingOccurrences(of: "\"", with: "\"\""))\"")
            return Self.url(url, database: name)
        }
    }

    /// Stops the throwaway cluster, or closes the connection to the named server.
    func stop() async {
        switch self {
        case .cluster(let cluster): await cluster.stop()
        case .server(_, _, let admin): try? await admin.close()
        }
    }

    /// `url` naming `database` instead of its own (user, host, port and parameters kept).
    static func url(_ url: String, database: String) -> String {
        let parts = url.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let base = parts[0]
        let slash = base.lastIndex(of: "/") ?? base.endIndex
        let encoded = database.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"])) ?? database
        return String(base[..<slash]) + "/" + encoded + (parts.count > 1 ? "?" + parts[1] : "")
    }
}
