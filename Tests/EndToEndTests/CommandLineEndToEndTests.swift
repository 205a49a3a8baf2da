import Foundation
import Testing

/// The command line as an operator meets it: a failure is one clear line on stderr with a
/// non-zero exit code, never Foundation internals nor a JSON object; the usage text comes only
/// after a wrong argument.
@Suite struct CommandLineEndToEndTests {
    static func lines(_ text: String) -> [Substring] { text.split(separator: "\n", omittingEmptySubsequences: true) }

    /// What no error line may show.
    static func expectNoInternals(_ stderr: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for leak in ["NSCocoaErrorDomain", "Code=", "UserInfo", "Usage:", "{\"code\""] {
            #expect(!stderr.contains(leak), "\(stderr)", sourceLocation: sourceLocation)
        }
    }

    @Test func versionIsPrinted() throws {
        let out = try Executable.run(["--version"])
        #expect(out.status == 0)
        #expect(
            out.stdout.trimmingCharacters(in: .whitespacesAndNewlines).range(of: #"^\d+\.\d+\.\d+$"#, options: .regularExpression) != nil,
            "\(out.stdout)")
    }

    @Test(
        "--help shows the usage of the command asked",
        arguments: [
            (["--help"], "USAGE: permanence <subcommand>"),
            (["help"], "USAGE: permanence <subcommand>"),
            (["serve", "--help"], "--drain-timeout"),
            (["bench", "http", "--help"], "--connections"),
            (["help", "rpc"], "USAGE: permanence rpc")
        ])
    func helpIsPrinted(arguments: [String], expected: String) throws {
        let out = try Executable.run(arguments)
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.contains(expected), "\(out.stdout)")
        #expect(!out.stdout.contains("CommandError") && !out.stderr.contains("CommandError"), "\(out.stderr)")
    }

    @Test func rpcErrorIsOneLineWithCodeMessageAndField() throws {
        let dir = try Executable.temporaryDirectory()
        let out = try Executable.run(["rpc", "patients.get", #"{"patientId":"p_x"}"#, "--db", dir.appendingPathComponent("db.sqlite").path])
        #expect(out.status == 2)
        #expect(out.stdout.isEmpty)
        #expect(Self.lines(out.stderr) == [#"error -32004: Not found: patient "p_x" (field: patientId)"#])
        Self.expectNoInternals(out.stderr)
    }

    @Test func unknownMethodNamesTheMethod() throws {
        let dir = try Executable.temporaryDirectory()
        let out = try Executable.run(["rpc", "patients.nothing", "--db", dir.appendingPathComponent("db.sqlite").path])
        #expect(out.status == 2)
        #expect(Self.lines(out.stderr) == ["error -32601: Method not found: patients.nothing"])
    }

    @Test func importOfAFileThatIsNotCSVFailsInOneLine() throws {
        let dir = try Executable.temporaryDirectory()
        let file = dir.appendingPathComponent("notes.txt")
        try "Rappeler Mme Martin lundi\nElle a appelé deux fois\n".write(to: file, atomically: true, encoding: .utf8)
        let out = try Executable.run(["import", "csv", file.path, "--db", dir.appendingPathComponent("db.sqlite").path])
        #expect(out.status != 0)
        #expect(out.stdout.isEmpty)
        let lines = Self.lines(out.stderr)
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix("Error: \(file.path): not a CSV call export") == true, "\(out.stderr)")
        Self.expectNoInternals(out.stderr)
    }

    @Test func importOfABinaryFileFailsInOneLine() throws {
        let dir = try Executable.temporaryDirectory()
        let file = dir.appendingPathComponent("image.png")
        try Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0xFF, 0xFE]).write(to: file)
        let out = try Executable.run(["import", "csv", file.path, "--db", dir.appendingPathComponent("db.sqlite").path])
        #expect(out.status != 0)
        #expect(Self.lines(out.stderr) == ["Error: \(file.path): not a text file (expected csv in UTF-8)"])
    }

    @Test func importOfAMissingFileSaysSoWithoutFoundationInternals() throws {
        let dir = try Executable.temporaryDirectory()
        let file = dir.appendingPathComponent("absent.csv").path
        let out = try Executable.run(["import", "csv", file, "--db", dir.appendingPathComponent("db.sqlite").path])
        #expect(out.status != 0)
        #expect(Self.lines(out.stderr) == ["Error: \(file): no such file or directory"])
        Self.expectNoInternals(out.stderr)
    }

    @Test func reportIntoAMissingDirectorySaysSoWithoutFoundationInternals() throws {
        let dir = try Executable.temporaryDirectory()
        let output = dir.appendingPathComponent("absent/report.html").path
        let out = try Executable.run([
            "report", "--from", "2026-03-02", "--to", "2026-03-09", "-o", output,
            "--db", dir.appendingPathComponent("db.sqlite").path
        ])
        #expect(out.status != 0)
        #expect(Self.lines(out.stderr) == ["Error: \(output): no such file or directory"], "\(out.stderr)")
        Self.expectNoInternals(out.stderr)
    }

    @Test func unreadableConfigurationIsOneErrorWithoutUsage() throws {
        let dir = try Executable.temporaryDirectory()
        let config = dir.appendingPathComponent("absent.yaml").path
        let out = try Executable.run(["methods", "--config", config, "--db", dir.appendingPathComponent("db.sqlite").path])
        #expect(out.status != 0)
        #expect(out.stderr.contains("cannot read \(config)"), "\(out.stderr)")
        Self.expectNoInternals(out.stderr)
    }

    @Test func databaseThatCannotBeOpenedIsNamed() throws {
        let out = try Executable.run(["rpc", "kernel.ping", "--db", "/nonexistent/permanence.sqlite"])
        #expect(out.status == 1)
        #expect(Self.lines(out.stderr) == ["Error: /nonexistent/permanence.sqlite: cannot open the database (unable to open database file)"])
    }

    @Test func wrongArgumentStillShowsTheUsage() throws {
        let out = try Executable.run(["rpc", "kernel.ping", "--role", "nobody", "--db", ":memory:"])
        #expect(out.status != 0)
        #expect(out.stderr.contains("--role: unknown role nobody"))
        #expect(out.stderr.contains("Usage:"))
    }
}
