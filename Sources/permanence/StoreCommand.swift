import ArgumentParser
import Foundation
import Kernel
import Practice

/// `permanence store …`: moving a service's database.
struct StoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store", abstract: "Move a service's database (SQLite to PostgreSQL).", subcommands: [StoreCopyCommand.self])
}

/// `permanence store copy --from FILE --to postgres://…`: copies every table of a SQLite database
/// into a new PostgreSQL database (its schema applied first) and verifies each table's row count
/// and checksum on both sides.
struct StoreCopyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Copy a SQLite database into an empty PostgreSQL database, then verify every table (row count and checksum).",
        discussion: """
            Stop the servers using the file first (the copy needs it to itself), and run this version's \
            `serve` on it once before, so that its schema is this version's. The target database must \
            exist and hold no rows; the password may come from PERMANENCE_DATABASE_URL's form of the URL.
            """)

    @Option(help: ArgumentHelp("The SQLite database file to copy.", valueName: "file"))
    var from: String

    @Option(help: ArgumentHelp("The PostgreSQL database to fill: postgres://USER[:PASSWORD]@HOST[:PORT]/DB.", valueName: "url"))
    var to: String

    func run() async throws {
        guard FileManager.default.fileExists(atPath: from) else { throw CommandFailure("--from \(from): no such file") }
        let target = DatabaseLocation(to)
        guard target.isServer else { throw CommandFailure("--to: expected a PostgreSQL URL (postgres://USER@HOST:PORT/DB), got \(to)") }
        let source: Store
        do { source = try Store(path: from) } catch { throw CommandFailure("--from \(from): cannot open the database (\(CommandFailure(error).description))") }
        let destination = try await target.open()
        defer {
            try? source.close()
            try? destination.close()
        }
        // Every module's schema, whichever a practice enables: the example practice enables them all.
        let example = try ConfigurationDocument(yaml: ExamplePractice.yaml, source: "example practice")
        try await destination.migrate(schema: KernelHost.schema(of: try PluginCatalog.plugins(for: example)))
        let started = Date()
        let copied: [StoreCopy.Table]?
        do {
            copied = try await source.withSoleUse {
                try await StoreCopy(from: source, to: destination).run { table in
                    print("\(table.name): \(table.rows) rows, checksum \(table.checksum), \(table.verified ? "verified" : "DIFFERENT")")
                }
            }
        } catch let failure as StoreCopy.Failure {
            throw CommandFailure(failure.description)
        }
        guard let copied else { throw CommandFailure("--from \(from): the database is open in another process; stop its server first") }
        let rows = copied.reduce(0) { $0 + $1.rows }
        let different = copied.filter { !$0.verified }.map(\.name)
        guard different.isEmpty else {
            throw CommandFailure("\(different.count) tables differ after the copy: \(different.joined(separator: ", "))")
        }
        print(String(format: "copied %d tables, %d rows, every one verified, in %.1f s", copied.count, rows, Date().timeIntervalSince(started)))
    }
}
