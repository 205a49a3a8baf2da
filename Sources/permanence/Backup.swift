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

    @Option(help: "SQLite database file to copy.")
    var db: String = "./permanence.sqlite"

    @Flag(help: "Replace FILE if it exists.")
    var force = false

    func run() async throws {
        do {
            try Store.backup(database: db, to: file, replace: force)
        } catch let error as Store.BackupError {
            throw CommandFailure(error.description)
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
        print("wrote \(file) (\(size) bytes)")
    }
}
