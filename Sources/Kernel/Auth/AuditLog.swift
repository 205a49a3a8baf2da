import Foundation
import GRDB
import JSONRPC

/// The audit trail: who called which changing or sensitive method, when, and on what.
public struct AuditLog: Sendable {
    let store: Store

    public struct Entry: Sendable, Codable, Equatable {
        public let at: Date
        public let actor: String
        public let role: String
        public let method: String
        public let params: String
    }

    public init(store: Store) { self.store = store }

    static func migrate(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("kernel.audit") { db in
            try db.create(table: "kernel_audit") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("at", .double).notNull().indexed()
                t.column("session", .integer).notNull()
                t.column("actor", .text).notNull()
                t.column("role", .text).notNull()
                t.column("method", .text).notNull().indexed()
                t.column("params", .text).notNull()
            }
        }
    }

    /// The params as stored: compact JSON, cut at 4 KiB.
    static func text(of params: JSONValue?) -> String {
        var text = params.map(JSONWriter.string) ?? "{}"
        if text.utf8.count > 4096 { text = String(text.utf8.prefix(4096)) ?? String(text.prefix(1024)) }
        return text
    }

    static func insert(at: Date, session: UInt64, actor: String, role: Role, method: String, paramsText: String, in db: Database) throws {
        try db.cachedStatement(sql: "INSERT INTO kernel_audit(at, session, actor, role, method, params) VALUES (?, ?, ?, ?, ?, ?)")
            .execute(arguments: [at.timeIntervalSince1970, Int64(session), actor, role.rawValue, method, paramsText])
    }

    /// Records an access made outside a JSON-RPC session (an HTTP fetch): `method` names it
    /// (`http GET /calendars`), `params` what was reached; runs in the caller's transaction.
    public static func record(at: Date, actor: String, role: Role, method: String, params: JSONValue, in db: Database) throws {
        try insert(at: at, session: 0, actor: actor, role: role, method: method, paramsText: text(of: params), in: db)
    }

    public func entries(method: String? = nil, limit: Int = 100) async throws -> [Entry] {
        try await store.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT at, actor, role, method, params FROM kernel_audit
                WHERE (?1 IS NULL OR method = ?1) ORDER BY id DESC LIMIT ?2
                """, arguments: [method, limit])
            return rows.map { Entry(at: Date(timeIntervalSince1970: $0["at"]), actor: $0["actor"], role: $0["role"], method: $0["method"], params: $0["params"]) }
        }
    }
}
