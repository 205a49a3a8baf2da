import Foundation
import JSONRPC
import Testing

/// `serve --practices DIR`: a directory of practice files, checked whole, each problem told with
/// its file and line (a server answering for several: `ManyPracticesEndToEndTests`).
@Suite struct PracticeDirectoryEndToEndTests {
    /// The bundled example, as `permanence config example` prints it.
    static func example() throws -> String { try Executable.run(["config", "example"]).stdout }

    static func directory(_ files: [String: String]) throws -> URL {
        let dir = try Executable.temporaryDirectory().appendingPathComponent("practices")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (name, text) in files { try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return dir
    }

    @Test func aDirectoryOfOnePracticeIsServedAndListed() throws {
        let dir = try Self.directory(["tilleuls.yaml": try Self.example()])
        let input = dir.deletingLastPathComponent().appendingPathComponent("in.jsonl")
        try """
        {"jsonrpc":"2.0","id":1,"method":"practices.list"}
        {"jsonrpc":"2.0","id":2,"method":"shutdown"}
        {"jsonrpc":"2.0","id":3,"method":"exit"}

        """.write(to: input, atomically: true, encoding: .utf8)
        let out = try Executable.run(["serve", "--stdio", "--practices", dir.path, "--db", ":memory:"], stdinFile: input)
        #expect(out.status == 0, "\(out.stderr)")
        // Replies come as each request finishes: find the one answering id 1.
        let replies = try out.stdout.split(separator: "\n").map { try JSONParser.parse(Array($0.utf8)) }
        let first = try #require(replies.first { $0["id"]?.intValue == 1 }, "\(out.stdout)")
        #expect(first["result"]?["practices"]?.arrayValue?.first?["id"]?.stringValue == "msp-tilleuls")
        #expect(first["result"]?["practices"]?.arrayValue?.first?["numbers"] == ["+33465710010"])
    }

    @Test func theBundledExampleHasNothingToReload() throws {
        let out = try Executable.run(["rpc", "practices.reload", "{}", "--db", ":memory:"])
        // `rpc` exits with 2 when the method answers an error.
        #expect(out.status == 2)
        #expect(out.stderr.contains("error -32022: Nothing to reload"), "\(out.stderr)")
    }

    @Test func aCommandOfOnePracticeRefusesADirectoryOfSeveral() throws {
        let example = try Self.example()
        let other = example.replacingOccurrences(of: "  id: msp-tilleuls", with: "  id: cabinet-rivoli")
            .replacingOccurrences(of: #"numbers: ["+33465710010"]"#, with: #"numbers: ["+33465710020"]"#)
        let dir = try Self.directory(["tilleuls.yaml": example, "rivoli.yaml": other])
        let out = try Executable.run(["rpc", "practices.list", "{}", "--practices", dir.path, "--db", ":memory:"])
        #expect(out.status == 1)
        #expect(out.stderr.contains("2 practices (cabinet-rivoli, msp-tilleuls)"), "\(out.stderr)")
        #expect(out.stderr.contains("this command works on one practice"), "\(out.stderr)")
    }

    @Test func everyFileInTroubleIsToldWithItsLine() throws {
        let example = try Self.example()
        let clash = example.replacingOccurrences(of: "  id: msp-tilleuls", with: "  id: autre")
        let typo = example.replacingOccurrences(of: "  id: msp-tilleuls", with: "  id: troisieme")
            .replacingOccurrences(of: #"numbers: ["+33465710010"]"#, with: #"numbers: ["+33465710030"]"#)
            .replacingOccurrences(of: "acceptsNewPatients:", with: "acceptNewPatients:")
        let dir = try Self.directory(["a.yaml": example, "b.yaml": clash, "c.yaml": typo])
        let out = try Executable.run(["rpc", "practices.list", "{}", "--practices", dir.path, "--db", ":memory:"])
        #expect(out.status == 1)
        #expect(out.stderr.contains("b.yaml: line ") && out.stderr.contains("+33465710010 is already a number of the practice of"), "\(out.stderr)")
        #expect(!out.stderr.contains("c.yaml"), "c.yaml is only checked whole once the directory holds together: \(out.stderr)")
        try FileManager.default.removeItem(at: dir.appendingPathComponent("b.yaml"))
        let again = try Executable.run(["rpc", "practices.list", "{}", "--practices", dir.path, "--db", ":memory:"])
        #expect(again.status == 1)
        #expect(again.stderr.contains("c.yaml: line ") && again.stderr.contains("did you mean `acceptsNewPatients`"), "\(again.stderr)")
    }

    /// `serve` checks every file whole while it builds the practices, and tells each file in trouble
    /// (in file order) before installing any: nothing is served.
    @Test func serveTellsEveryFileInTroubleBeforeServingAny() throws {
        let example = try Self.example()
        func variant(_ id: String, _ number: String, typo: String? = nil) -> String {
            var text = example.replacingOccurrences(of: "  id: msp-tilleuls", with: "  id: \(id)")
                .replacingOccurrences(of: #"numbers: ["+33465710010"]"#, with: "numbers: [\"\(number)\"]")
            if let typo { text = text.replacingOccurrences(of: "acceptsNewPatients:", with: typo) }
            return text
        }
        let dir = try Self.directory([
            "a.yaml": example, "b.yaml": variant("deux", "+33465710020", typo: "acceptNewPatients:"),
            "c.yaml": variant("trois", "+33465710030", typo: "acceptsNewPatient:")
        ])
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("serve-\(UUID().uuidString).jsonl")
        try Data(#"{"jsonrpc":"2.0","id":1,"method":"practices.list"}"#.utf8).write(to: input)
        defer { try? FileManager.default.removeItem(at: input) }
        let out = try Executable.run(["serve", "--stdio", "--practices", dir.path, "--db", ":memory:"], stdinFile: input)
        #expect(out.status == 1)
        #expect(out.stdout.isEmpty, "nothing is served: \(out.stdout)")
        let b = out.stderr.range(of: "b.yaml: line ")
        let c = out.stderr.range(of: "c.yaml: line ")
        #expect(b != nil && c != nil && b!.lowerBound < c!.lowerBound, "\(out.stderr)")
    }
}
