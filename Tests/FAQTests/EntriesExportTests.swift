import Foundation
import JSONRPC
import Kernel
import Testing

/// `Docs/faq/entries.yaml` is what the BM25 baseline indexes: the example practice's entries as
/// `faq.list` gives them (built-in answers computed on 10 March 2026 at 10:00).
@Suite("BM25 baseline input")
struct EntriesExportTests {
    static func yaml(_ entries: [JSONValue]) -> String {
        func quoted(_ s: String) -> String {
            "\""
                + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                .replacingOccurrences(of: "\n", with: "\\n") + "\""
        }
        var out = "# The example practice's FAQ entries as faq.list gives them (export: FAQ_WRITE_FIXTURES=1 swift test --filter FAQTests).\n"
        for entry in entries {
            out += "- id: \(entry["id"]?.stringValue ?? "")\n  questions:\n"
            for question in entry["questions"]?.arrayValue ?? [] { out += "    - \(quoted(question.stringValue ?? ""))\n" }
            out += "  answer: \(quoted(entry["answer"]?.stringValue ?? ""))\n"
            if let site = entry["siteId"]?.stringValue { out += "  site: \(site)\n" }
        }
        return out
    }

    @Test("Docs/faq/entries.yaml is the export of the example practice's entries")
    func entriesYAML() async throws {
        let harness = try await FAQHarness.make()
        let list = try await harness.result("faq.list")
        let expected = Self.yaml(list["entries"]?.arrayValue ?? [])
        let url = repositoryRoot.appendingPathComponent("Docs/faq/entries.yaml")
        if ProcessInfo.processInfo.environment["FAQ_WRITE_FIXTURES"] != nil {
            try expected.write(to: url, atomically: true, encoding: .utf8)
        }
        #expect(try String(contentsOf: url, encoding: .utf8) == expected)
    }
}
