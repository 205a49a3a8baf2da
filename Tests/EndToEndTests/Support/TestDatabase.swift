import Foundation
import PermanenceTesting

/// The database a spawned server runs on: a SQLite file in the test's directory, or, in the
/// end-to-end pass on PostgreSQL (`scripts/test` sets `PERMANENCE_TEST_POSTGRES` to the URL of a
/// throwaway server it started), a fresh database of that server for each new server of a test.
enum TestDatabase {
    /// The PostgreSQL server of this pass, if it is the PostgreSQL pass.
    static var postgres: String? { TestStore.postgres }

    /// Whether servers run on SQLite files in this pass.
    static var onSQLite: Bool { postgres == nil }

    /// `file`'s path on SQLite; on PostgreSQL the URL of a new empty database.
    static func location(file: URL) throws -> String {
        guard let postgres else { return file.path }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["bash", Executable.packageRoot.appendingPathComponent("scripts/throwaway-postgres").path, "database", postgres]
        let out = file.deletingLastPathComponent().appendingPathComponent("createdb.out")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        p.standardOutput = try FileHandle(forWritingTo: out)
        p.standardError = p.standardOutput
        p.standardInput = FileHandle(forReadingAtPath: "/dev/null")
        try p.run()
        guard p.waitUntilExit(within: 60), p.terminationStatus == 0 else {
            throw HarnessError("creating a PostgreSQL database failed: \((try? String(contentsOf: out, encoding: .utf8)) ?? "")")
        }
        let printed = (try? String(contentsOf: out, encoding: .utf8)) ?? ""
        guard let url = printed.split(separator: "\n").last.map(String.init), url.hasPrefix("postgres://") else {
            throw HarnessError("creating a PostgreSQL database printed no URL: \(printed)")
        }
        return url
    }

    /// The rows of `sql` on the database at `location` (a file or a URL), each as its fields' text.
    static func query(_ sql: String, at location: String) throws -> [[String]] {
        let out: ChildProcess.Output
        if location.hasPrefix("postgres://") {
            out = try ChildProcess.run("bash", [Executable.packageRoot.appendingPathComponent("scripts/throwaway-postgres").path, "query", location, sql])
        } else {
            let script = """
                import sqlite3, sys
                for row in sqlite3.connect(sys.argv[1]).execute(sys.argv[2]): print("\\t".join("" if v is None else str(v) for v in row))
                """
            out = try ChildProcess.run("python3", ["-c", script, location, sql])
        }
        guard out.status == 0 else { throw HarnessError("query failed: \(out.stderr)") }
        return out.stdout.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
    }
}
