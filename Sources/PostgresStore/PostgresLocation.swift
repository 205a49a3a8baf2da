import Foundation

/// Where a PostgreSQL database is, read from `postgres://user[:password]@host[:port]/database`
/// (`postgresql://` too; the port defaults to 5432; `?sslmode=disable` is the only parameter taken,
/// and connections are not encrypted in either case).
package struct PostgresLocation: Sendable, Equatable {
    package var user: String
    package var password: String?
    package var host: String
    package var port: Int
    package var database: String

    /// A URL that did not parse; the description names the part that is wrong and never shows a password.
    package struct Invalid: Error, CustomStringConvertible, Equatable {
        package let part: String
        package let problem: String
        package var description: String { "database URL: \(part): \(problem) (expected postgres://user[:password]@host:port/database)" }
    }

    package init(user: String, password: String? = nil, host: String, port: Int = 5432, database: String) {
        self.user = user
        self.password = password
        self.host = host
        self.port = port
        self.database = database
    }

    package init(url: String) throws {
        guard let schemeEnd = url.range(of: "://") else {
            throw Invalid(part: "scheme", problem: "missing (no ://)")
        }
        let scheme = url[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "postgres" || scheme == "postgresql" else {
            throw Invalid(part: "scheme", problem: "'\(scheme)' is not postgres or postgresql")
        }
        var rest = url[schemeEnd.upperBound...]
        if let query = rest.firstIndex(of: "?") {
            try Self.checkParameters(rest[rest.index(after: query)...])
            rest = rest[..<query]
        }
        guard let slash = rest.firstIndex(of: "/") else { throw Invalid(part: "database", problem: "missing (no /database)") }
        let authority = rest[..<slash]
        guard let database = String(rest[rest.index(after: slash)...]).removingPercentEncoding, !database.isEmpty else {
            throw Invalid(part: "database", problem: "empty")
        }
        guard !database.contains("/") else { throw Invalid(part: "database", problem: "'\(database)' contains a /") }
        guard let at = authority.lastIndex(of: "@") else { throw Invalid(part: "user", problem: "missing (no user@)") }
        let credentials = authority[..<at]
        var hostPort = authority[authority.index(after: at)...]
        let userPart = credentials.firstIndex(of: ":").map { credentials[..<$0] } ?? credentials
        guard let user = String(userPart).removingPercentEncoding, !user.isEmpty else {
            throw Invalid(part: "user", problem: "empty")
        }
        var password: String?
        if let colon = credentials.firstIndex(of: ":") {
            guard let decoded = String(credentials[credentials.index(after: colon)...]).removingPercentEncoding else {
                throw Invalid(part: "password", problem: "bad percent-encoding")
            }
            password = decoded
        }
        var host: String
        var portText: Substring?
        if hostPort.hasPrefix("[") {
            guard let close = hostPort.firstIndex(of: "]") else { throw Invalid(part: "host", problem: "unclosed [ ]") }
            host = String(hostPort[hostPort.index(after: hostPort.startIndex)..<close])
            hostPort = hostPort[hostPort.index(after: close)...]
            if !hostPort.isEmpty {
                guard hostPort.hasPrefix(":") else { throw Invalid(part: "host", problem: "unexpected text after ]") }
                portText = hostPort.dropFirst()
            }
        } else if let colon = hostPort.lastIndex(of: ":") {
            host = String(hostPort[..<colon])
            portText = hostPort[hostPort.index(after: colon)...]
        } else {
            host = String(hostPort)
        }
        guard !host.isEmpty else { throw Invalid(part: "host", problem: "empty") }
        var port = 5432
        if let portText {
            guard let number = Int(portText), (1...65535).contains(number) else {
                throw Invalid(part: "port", problem: "'\(portText)' is not a number from 1 to 65535")
            }
            port = number
        }
        self.init(user: user, password: password, host: host, port: port, database: database)
    }

    /// The URL again, without the password.
    package var redacted: String {
        "postgres://\(user)\(password == nil ? "" : ":***")@\(host.contains(":") ? "[\(host)]" : host):\(port)/\(database)"
    }

    private static func checkParameters(_ query: Substring) throws {
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.first == "sslmode" else {
                throw Invalid(part: "parameter", problem: "'\(parts.first ?? "")' is not supported (only sslmode=disable is)")
            }
            guard parts.count == 2, parts[1] == "disable" else {
                throw Invalid(part: "sslmode", problem: "'\(parts.count == 2 ? parts[1] : "")' is not supported (only disable is)")
            }
        }
    }
}
