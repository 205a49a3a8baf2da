import Foundation
import JSONRPC
import Testing

/// `plugins.disabled` leaves a plugin out; an id that names no plugin is a configuration error.
@Suite struct PluginSelectionEndToEndTests {
    /// The example practice with a `plugins` section appended.
    func config(disabled: String) throws -> URL {
        let example = try Executable.run(["config", "example"])
        #expect(example.status == 0)
        let dir = try Executable.temporaryDirectory()
        let file = dir.appendingPathComponent("practice.yaml")
        try (example.stdout + "\nplugins:\n  disabled: [\(disabled)]\n").write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    @Test func aMisspeltPluginIsRefusedWithItsPath() throws {
        let out = try Executable.run(["config", "check", try config(disabled: "fqa").path])
        #expect(out.status != 0)
        #expect(out.stderr.contains("plugins.disabled[0]") && out.stderr.contains("fqa"), "\(out.stderr)")
    }

    @Test func aDisabledPluginIsNotServed() throws {
        let file = try config(disabled: "kpi")
        #expect(try Executable.run(["config", "check", file.path]).status == 0)
        let dir = try Executable.temporaryDirectory()
        let out = try Executable.run(["rpc", "kernel.status", "--config", file.path, "--db", dir.appendingPathComponent("db.sqlite").path])
        #expect(out.status == 0, "\(out.stderr)")
        let ids = try JSONParser.parse(out.stdout)["plugins"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
        #expect(ids.contains("faq") && !ids.contains("kpi"), "\(ids)")
    }
}
