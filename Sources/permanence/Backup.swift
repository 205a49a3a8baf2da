import ArgumentParser
import Foundation
import Kernel

/// `permanence backup FILE [--db DB]`: a consistent copy of the database, taken while the server
/// runs (SQLite online backup), as one file of mode 0600.
struct Backup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copy the database while the server runs (SQLite online backup) into FILE, one self-contained file of mode 0600.")

    @Argument(help: "The copy to write; it must not exist unless --force is given.")
    var file: String

    @Option(help: ArgumentHelp("SQLite database file to copy (default: as serve's --db).", valueName: "file"))
    var db: String?

    @Flag(help: "Replace FILE if it exists.")
    var force = false

    func run() async throws {
        let database = DatabaseLocation(db)
        guard !database.isServer else {
            throw CommandFailure(
                "backup copies a SQLite file; a PostgreSQL database is backed up by its server (pg_basebackup or pg_dump, see Docs/operations.md)")
        }
        do {
            try Store.backup(database: database.value, to: file, replace: force)
        } catch let error as Store.BackupError {
            throw CommandFailure(error.description)
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
        print("wrote \(file) (\(size) bytes)")
    }
}
