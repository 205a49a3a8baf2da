import JSONRPC
import Kernel
import Testing

/// Configuration problems name their path and line.
@Suite struct ConfigurationDocumentTests {
    struct Section: Decodable {
        let name: String
        let items: [Item]
    }
    struct Item: Decodable {
        let start: String
        let minutes: Int
    }

    @Test func decodingErrorsCarryPathAndLine() throws {
        let doc = try ConfigurationDocument(
            yaml: """
                practice:
                  name: Test
                section:
                  name: x
                  items:
                    - {start: "08:00", minutes: 20}
                    - {start: "09:00", minutes: twenty}
                """)
        var issues: [ConfigurationIssue] = []
        _ = doc.decode(Section.self, at: "section", issues: &issues)
        #expect(issues.count == 1)
        #expect(issues.first?.path == "section.items[1].minutes")
        #expect(issues.first?.line == 7)
    }

    @Test func invalidYAMLIsReportedWithItsLine() {
        #expect(throws: ConfigurationError.self) { try ConfigurationDocument(yaml: "a: [1, 2\nb: 3\n") }
    }

    @Test func quotedScalarsStayStrings() throws {
        let doc = try ConfigurationDocument(yaml: "a: \"0612\"\nb: 0612\nc: 12\nd: 20:00\n")
        #expect(doc.root["a"] == "0612")
        #expect(doc.root["b"] == "0612")
        #expect(doc.root["c"] == 12)
        #expect(doc.root["d"] == "20:00")
    }
}
