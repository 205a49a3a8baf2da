import Foundation
import JSONRPC
import PermanenceTesting
import Testing

/// Backups as an operator takes them: `permanence backup` while the server runs, and a plain
/// copy of the `.sqlite` file after a clean stop, both read with the `sqlite3` tool. SQLite's files
/// only: the pass on PostgreSQL skips them (its backups are the server's own).
@Suite(.enabled(if: TestDatabase.onSQLite, "backups of SQLite files")) struct BackupEndToEndTests {
    /// Runs `sqlite3 FILE SQL` and returns its output (the tool is installed by scripts/setup).
    static func sqlite3(_ file: String, _ sql: String) throws -> String {
        let out = try ChildProcess.run("sqlite3", [file, sql])
        guard out.status == 0 else { throw HarnessError("sqlite3 \(file): \(out.stderr)") }
        return out.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func createPatient(_ client: LineClient, lastName: String) throws -> String {
        let r = try client.call(
            "patients.create",
            [
                "lastName": .string(lastName), "firstName": "Jeanne", "birthDate": "1961-03-14",
                "phone": "06 39 98 12 01"
            ])
        guard let id = r["result"]?["id"]?.stringValue else { throw HarnessError("patients.create failed: \(JSONWriter.string(r))") }
        return id
    }

    @Test func backupWhileServingIsReadableWithSqlite3AndMode0600() throws {
        let server = try ServerProcess.tcp()
        defer { server.stop() }
        let client = try server.client()
        let id = try Self.createPatient(client, lastName: "Sauvegarde")
        let copy = server.directory.appendingPathComponent("copy.sqlite").path

        let out = try Executable.run(["backup", copy, "--db", server.dbPath])
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.hasPrefix("wrote \(copy)"))
        // The server still serves after the copy, and the copy does not move with it.
        let later = try Self.createPatient(client, lastName: "Après")
        #expect(try Self.sqlite3(copy, "SELECT lastName FROM practice_patient WHERE id = '\(id)'") == "Sauvegarde")
        #expect(try Self.sqlite3(copy, "SELECT count(*) FROM practice_patient WHERE id = '\(later)'") == "0")
        #expect(try Self.sqlite3(copy, "PRAGMA integrity_check") == "ok")
        #expect(try Self.sqlite3(copy, "PRAGMA journal_mode") == "delete")
        let mode = try FileManager.default.attributesOfItem(atPath: copy)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(!FileManager.default.fileExists(atPath: copy + "-wal"))
    }

    @Test func backupRefusesToOverwriteWithoutForceAndNamesAMissingDatabase() throws {
        let dir = try Executable.temporaryDirectory()
        let missing = try Executable.run(["backup", dir.appendingPathComponent("copy.sqlite").path, "--db", dir.appendingPathComponent("none.sqlite").path])
        #expect(missing.status != 0)
        #expect(
            missing.stderr.trimmingCharacters(in: .whitespacesAndNewlines) == "Error: \(dir.appendingPathComponent("none.sqlite").path): no such database file")

        let server = try ServerProcess.tcp()
        defer { server.stop() }
        let copy = server.directory.appendingPathComponent("copy.sqlite").path
        try Data("keep".utf8).write(to: URL(fileURLWithPath: copy))
        let refused = try Executable.run(["backup", copy, "--db", server.dbPath])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("already exists") && !refused.stderr.contains("Usage:"), "\(refused.stderr)")
        #expect(try String(contentsOfFile: copy, encoding: .utf8) == "keep")
        let forced = try Executable.run(["backup", copy, "--db", server.dbPath, "--force"])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try Self.sqlite3(copy, "PRAGMA integrity_check") == "ok")
    }

    @Test(arguments: [SIGTERM, SIGINT])
    func cleanStopLeavesEverythingInTheSqliteFileAlone(signal: Int32) throws {
        let server = try ServerProcess.tcp()
        let client = try server.client()
        let id = try Self.createPatient(client, lastName: "Arrêt")
        server.kill(signal: signal)
        #expect(server.process.terminationStatus == 0, "\(server.log)")
        let wal = (try? FileManager.default.attributesOfItem(atPath: server.dbPath + "-wal")[.size] as? Int) ?? 0
        #expect(wal == 0)
        // Only the .sqlite file travels: no -wal, no -shm beside the copy.
        let lone = try Executable.temporaryDirectory().appendingPathComponent("lone.sqlite").path
        try FileManager.default.copyItem(atPath: server.dbPath, toPath: lone)
        #expect(try Self.sqlite3(lone, "SELECT lastName FROM practice_patient WHERE id = '\(id)'") == "Arrêt")
    }

    @Test func stdioSessionEndingCheckpointsToo() throws {
        let dir = try Executable.temporaryDirectory()
        let db = dir.appendingPathComponent("db.sqlite").path
        let input = dir.appendingPathComponent("in.jsonl")
        try """
        {"jsonrpc":"2.0","id":1,"method":"patients.create","params":{"lastName":"Fin","firstName":"Paul","birthDate":"1970-01-01","phone":"06 39 98 12 02"}}
        {"jsonrpc":"2.0","id":2,"method":"shutdown"}
        {"jsonrpc":"2.0","id":3,"method":"exit"}

        """.write(to: input, atomically: true, encoding: .utf8)
        let out = try Executable.run(["serve", "--stdio", "--db", db], stdinFile: input)
        #expect(out.status == 0, "\(out.stderr)")
        let lone = dir.appendingPathComponent("lone.sqlite").path
        try FileManager.default.copyItem(atPath: db, toPath: lone)
        #expect(try Self.sqlite3(lone, "SELECT firstName FROM practice_patient WHERE lastName = 'Fin'") == "Paul")
    }
}

/// What `backup` says of a database it does not copy.
@Suite struct ServerBackupEndToEndTests {
    @Test func backupRefusesAPostgreSQLDatabaseAndSaysWhatToUse() throws {
        let dir = try Executable.temporaryDirectory()
        let out = try Executable.run(["backup", dir.appendingPathComponent("copy.sqlite").path, "--db", "postgres://permanence:secret@127.0.0.1:1/p"])
        #expect(out.status == 1)
        #expect(out.stderr.contains("pg_basebackup or pg_dump"), "\(out.stderr)")
        #expect(!out.stderr.contains("secret"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("copy.sqlite").path))
    }
}
