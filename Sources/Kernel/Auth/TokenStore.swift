import Crypto
package import Foundation
import GRDB

/// API tokens for TCP sessions. A token is shown once at creation; only its SHA-256 is stored.
package struct TokenStore: Sendable {
    let store: Store

    package struct Token: Sendable, Codable, Equatable {
        package let name: String
        package let role: Role
        package let createdAt: Date
        /// The practices the token acts for; nil: all the server answers for.
        package var practices: [String]? = nil
    }

    package init(store: Store) { self.store = store }

    static func migrate(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("kernel.tokens") { db in
            try db.create(table: "kernel_token") { t in
                t.column("name", .text).primaryKey()
                t.column("role", .text).notNull()
                t.column("hash", .text).notNull().unique()
                t.column("createdAt", .double).notNull()
                t.column("revokedAt", .double)
            }
        }
        // A token acts for all practices (NULL) or for those listed, comma-separated.
        migrator.registerMigration("kernel.tokens.v2-practices") { db in
            try db.run("ALTER TABLE kernel_token ADD COLUMN practices TEXT")
        }
    }

    package static func hash(_ token: String) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        hex.reserveCapacity(64)
        for byte in SHA256.hash(data: Data(token.utf8)) {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: hex, as: UTF8.self)
    }

    /// `prefix` followed by 256 random bits in base64url without padding: a bearer secret.
    package static func randomSecret(prefix: String) -> String {
        var bytes = [UInt8](repeating: 0, count: 32)
        var rng = SystemRandomNumberGenerator()
        for i in bytes.indices { bytes[i] = rng.next() }
        return prefix
            + Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// Creates a token named `name` with `role`, acting for `practices` (nil: all); returns the
    /// secret, which is not stored. A `staff` or `practitioner` token names at most one practice:
    /// it is the practice's own.
    package func create(name: String, role: Role, practices: [String]? = nil, at now: Date) throws -> String {
        if let practices {
            if practices.isEmpty { throw TokenError.noPractice }
            if let bad = practices.first(where: { !PracticeHosts.isPracticeId($0) }) { throw TokenError.badPractice(bad) }
            if role.isPracticeOwn && practices.count > 1 { throw TokenError.severalPractices(role) }
        }
        let scope = practices.map { Array(Set($0)).sorted().joined(separator: ",") }
        let secret = Self.randomSecret(prefix: "pmt_")
        let hash = Self.hash(secret)
        try store.writeWaiting { db in
            if try db.row("SELECT 1 FROM kernel_token WHERE name = ? AND revokedAt IS NULL", [name]) != nil {
                throw TokenError.nameTaken(name)
            }
            try db.run(
                """
                INSERT INTO kernel_token(name, role, hash, createdAt, practices) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT(name) DO UPDATE SET role = excluded.role, hash = excluded.hash, createdAt = excluded.createdAt,
                  practices = excluded.practices, revokedAt = NULL
                """, [name, role.rawValue, hash, now.timeIntervalSince1970, scope])
        }
        return secret
    }

    /// The token's name and role, or `nil` when the secret is unknown or revoked.
    package func verify(_ secret: String) throws -> Token? {
        let hash = Self.hash(secret)
        return try store.readWaiting { db in
            guard
                let row = try db.row("SELECT name, role, createdAt, practices FROM kernel_token WHERE hash = ? AND revokedAt IS NULL", [hash])
            else { return nil }
            return Self.token(row)
        }
    }

    package func revoke(name: String, at now: Date) throws -> Bool {
        try store.writeWaiting { db in
            try db.run("UPDATE kernel_token SET revokedAt = ? WHERE name = ? AND revokedAt IS NULL", [now.timeIntervalSince1970, name])
            return db.changedRows > 0
        }
    }

    package func list() throws -> [Token] {
        try store.readWaiting { db in
            try db.rows("SELECT name, role, createdAt, practices FROM kernel_token WHERE revokedAt IS NULL ORDER BY name").compactMap(Self.token)
        }
    }

    private static func token(_ row: StoreRow) -> Token? {
        guard let role = Role(rawValue: row["role"]) else { return nil }
        let practices = (row["practices"] as String?).map { $0.split(separator: ",").map(String.init) }
        return Token(name: row["name"], role: role, createdAt: Date(timeIntervalSince1970: row["createdAt"]), practices: practices)
    }

    package enum TokenError: Error, CustomStringConvertible {
        case nameTaken(String)
        case noPractice
        case badPractice(String)
        case severalPractices(Role)
        package var description: String {
            switch self {
            case .nameTaken(let n): "a token named \(n) already exists; revoke it first"
            case .noPractice: "--practices: name at least one practice, or all"
            case .badPractice(let p):
                "--practices: \"\(p)\" is not a practice id (lower-case letters, digits and dashes, 1 to 63, starting with a letter or digit)"
            case .severalPractices(let r): "--practices: a \(r.rawValue) token is a practice's own and names exactly one practice"
            }
        }
    }
}
