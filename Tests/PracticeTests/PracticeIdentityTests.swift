import Foundation
import JSONRPC
import Kernel
import Testing

@testable import Practice

/// `practice.id` and `practice.numbers`: what names a practice and the numbers that reach it,
/// checked when the file is read, listed by `practices.list` and `practice.info`.
@Suite struct PracticeIdentityTests {
    @Test func theExampleListsItsIdAndNumbers() async throws {
        let h = try await PracticeHarness()
        let list = try await h.ok("practices.list")
        let practices = try #require(list["practices"]?.arrayValue)
        #expect(practices.count == 1)
        #expect(practices[0]["id"]?.stringValue == "msp-tilleuls")
        #expect(practices[0]["numbers"] == ["+33465710010"])
        #expect(practices[0]["timezone"]?.stringValue == "Europe/Paris")
        #expect(practices[0]["sites"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == ["centre", "chenes"])
        let info = try await h.ok("practice.info")
        #expect(info["id"]?.stringValue == "msp-tilleuls")
        #expect(info["numbers"] == ["+33465710010"])
    }

    @Test(
        "the script mode now, for the practice and each site",
        arguments: [
            ("2026-06-15T10:00:00+02:00", "open"), // a Monday morning
            ("2026-06-15T12:45:00+02:00", "lunchBreak"),
            ("2026-06-15T21:00:00+02:00", "closed"),
            ("2026-07-14T10:00:00+02:00", "holiday") // 14 juillet
        ])
    func modeNow(at: String, mode: String) async throws {
        let h = try await PracticeHarness(now: at)
        let practice = try #require(try await h.ok("practices.list")["practices"]?.arrayValue?.first)
        #expect(practice["mode"]?.stringValue == mode)
        #expect(practice["sites"]?.arrayValue?.first?["mode"]?.stringValue == mode)
        if mode == "open" {
            #expect(practice["sites"]?.arrayValue?.first?["openUntil"]?.stringValue != nil)
        } else {
            #expect(practice["sites"]?.arrayValue?.first?["nextOpening"]?.stringValue != nil)
        }
    }

    @Test func numbersAreReadAsPeopleTypeThem() async throws {
        let yaml = ExamplePractice.yaml.replacingOccurrences(of: #"numbers: ["+33465710010"]"#, with: #"numbers: ["04 65 71 00 10", "0033 4 65 71 00 11"]"#)
        let h = try await PracticeHarness(yaml: yaml)
        #expect(try await h.ok("practices.list")["practices"]?[0]?["numbers"] == ["+33465710010", "+33465710011"])
    }

    @Test func withoutAnIdThePracticeIsDefault() async throws {
        let yaml = ExamplePractice.yaml.replacingOccurrences(of: "  id: msp-tilleuls", with: "")
        let h = try await PracticeHarness(yaml: yaml)
        #expect(try await h.ok("practices.list")["practices"]?[0]?["id"]?.stringValue == "default")
    }

    @Test(
        "a wrong id or number is refused with its path and line",
        arguments: [
            ("  id: msp-tilleuls", "  id: MSP Tilleuls", "practice.id"),
            (#"numbers: ["+33465710010"]"#, #"numbers: ["04 65 71"]"#, "practice.numbers[0]"),
            (#"numbers: ["+33465710010"]"#, #"numbers: ["+33465710010", "04 65 71 00 10"]"#, "practice.numbers[1]")
        ])
    func wrongIdentity(original: String, replacement: String, path: String) throws {
        let yaml = ExamplePractice.yaml.replacingOccurrences(of: original, with: replacement)
        #expect(yaml != ExamplePractice.yaml)
        let doc = try ConfigurationDocument(yaml: yaml)
        var issues: [ConfigurationIssue] = []
        #expect(PracticeDirectory(configuration: doc, issues: &issues) == nil)
        let issue = try #require(issues.first { $0.path == path }, "\(issues)")
        #expect(issue.line != nil)
    }

    @Test func idsAndNumbersAreUniqueAcrossFiles() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("practices-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try ExamplePractice.yaml.write(to: dir.appendingPathComponent("a.yaml"), atomically: true, encoding: .utf8)
        try ExamplePractice.yaml.replacingOccurrences(of: "  id: msp-tilleuls", with: "  id: autre")
            .write(to: dir.appendingPathComponent("b.yaml"), atomically: true, encoding: .utf8)
        try ExamplePractice.yaml.replacingOccurrences(of: #"numbers: ["+33465710010"]"#, with: #"numbers: ["+33465710099"]"#)
            .write(to: dir.appendingPathComponent("c.yaml"), atomically: true, encoding: .utf8)
        try "not: [a practice".write(to: dir.appendingPathComponent("d.yaml"), atomically: true, encoding: .utf8)
        try "ignored".write(to: dir.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        do {
            _ = try PracticeFiles.load(directory: dir.path)
            Issue.record("a directory with clashing practices was loaded")
        } catch let error as PracticeFilesError {
            #expect(error.lines.count == 3, "\(error.lines)")
            #expect(error.lines.contains { $0.hasPrefix(dir.appendingPathComponent("d.yaml").path + ":") })
            #expect(error.lines.contains { $0.contains("b.yaml") && $0.contains("practice.numbers[0]") && $0.contains("a.yaml") })
            #expect(error.lines.contains { $0.contains("c.yaml") && $0.contains("practice.id") && $0.contains("\"msp-tilleuls\"") && $0.contains("a.yaml") })
        }
    }
}
