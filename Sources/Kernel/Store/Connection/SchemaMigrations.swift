package import Foundation

/// A module's migrations written as SQL through the seam, for the engines GRDB's `DatabaseMigrator`
/// does not serve (PostgreSQL). SQLite keeps its migrators, whose history existing databases carry;
/// a database of another engine has no legacy, so a module's first step creates today's schema and
/// every later change is written for both.
///
/// Steps are applied once each, in registration order, and recorded in `store_migration`.
package struct SchemaMigrations: Sendable {
    /// One step: an identifier (`"faq.pg1"`) and the statements it runs.
    package struct Step: Sendable {
        package let id: String
        package let apply: @Sendable (any StoreConnection) throws -> Void
    }

    package private(set) var steps: [Step] = []

    package init() {}

    /// Adds a step; identifiers are unique.
    package mutating func register(_ id: String, _ apply: @escaping @Sendable (any StoreConnection) throws -> Void) {
        precondition(!steps.contains { $0.id == id }, "migration \(id) registered twice")
        steps.append(Step(id: id, apply: apply))
    }

    /// Adds a step that runs `sql` (several statements separated by `;`).
    package mutating func register(_ id: String, sql: String) {
        register(id) { db in try db.run(sql) }
    }

    /// Applies the steps not yet applied, in the caller's transaction, and returns their identifiers.
    /// On PostgreSQL the transaction first takes an advisory lock, so that nodes starting together
    /// apply each step once: the second waits, then finds it applied.
    @discardableResult
    package func apply(in db: any StoreConnection, now: Date = Date()) throws -> [String] {
        if db.engine == .postgresql { try db.run("SELECT pg_advisory_xact_lock(\(Self.lockKey))") }
        try db.run("CREATE TABLE IF NOT EXISTS store_migration(id TEXT PRIMARY KEY, appliedAt DOUBLE PRECISION NOT NULL)")
        let applied = Set(try db.values(String.self, "SELECT id FROM store_migration"))
        var done: [String] = []
        for step in steps where !applied.contains(step.id) {
            try step.apply(db)
            try db.run("INSERT INTO store_migration(id, appliedAt) VALUES (?, ?)", [step.id, now.timeIntervalSince1970])
            done.append(step.id)
        }
        return done
    }

    /// The advisory lock of migrations ("PERMMIGR" in ASCII).
    static let lockKey: Int64 = 0x5045_524D_4D49_4752
}
