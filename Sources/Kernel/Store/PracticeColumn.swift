package import GRDB

/// The `practiceId` column every operational table carries: which practice a row belongs to.
///
/// A module's migration adds it to a table created before rows carried their practice; the rows
/// already there are given the database's owner (`kernel_database_owner`, see
/// `KernelHost.registerOwnerMigration`), so a single-practice database upgrades in place. The
/// column's default is the empty string, never a practice id: an insert that forgot the column
/// writes a row no practice sees, rather than one that lands in the wrong practice.
package enum PracticeColumn {
    package static let name = "practiceId"

    /// Adds `practiceId` to `table` and gives the existing rows the owner's id.
    package static func add(to table: String, in db: Database) throws {
        try db.execute(sql: "ALTER TABLE \(table) ADD COLUMN practiceId TEXT NOT NULL DEFAULT ''")
        try db.execute(sql: "UPDATE \(table) SET practiceId = (SELECT practiceId FROM kernel_database_owner LIMIT 1)")
    }
}
