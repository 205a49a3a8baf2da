import Foundation

/// Databases for tests of practices sharing one file: a new temporary file that several hosts
/// open, each with its own `Store` (as the nodes of one service would), and a copy of the database
/// written before rows carried their practice (`Tests/Fixtures/single-practice-v1.sqlite`: the
/// bundled example practice, without `practice.id`, so owned by `default`).
package enum SharedDatabase {
    /// A path in a new temporary directory; nothing is there yet.
    package static func temporaryPath() throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("shared-db-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appendingPathComponent("permanence.sqlite").path
    }

    /// A copy of the single-practice fixture at a temporary path (the fixture itself is never opened).
    package static func singlePracticeV1() throws -> String {
        let path = try temporaryPath()
        try FileManager.default.copyItem(at: fixturesDirectory.appendingPathComponent("single-practice-v1.sqlite"), to: URL(fileURLWithPath: path))
        return path
    }

    /// `Tests/Fixtures`.
    package static let fixturesDirectory: URL = {
        var url = URL(fileURLWithPath: #filePath)
        url.deleteLastPathComponent()
        url.deleteLastPathComponent()
        return url.appendingPathComponent("Fixtures")
    }()

    /// `yaml` (a practice file whose `practice:` section is at the top level) with its `practice.id`
    /// replaced by `practiceId`, or removed when `practiceId` is nil.
    package static func yaml(_ yaml: String, practiceId: String?) -> String {
        var lines = yaml.components(separatedBy: "\n")
        guard let section = lines.firstIndex(where: { $0.hasPrefix("practice:") }) else { return yaml }
        var i = section + 1
        while i < lines.count, lines[i].hasPrefix(" ") || lines[i].isEmpty {
            if lines[i].hasPrefix("  id:") { lines.remove(at: i) } else { i += 1 }
        }
        if let practiceId { lines.insert("  id: \(practiceId)", at: section + 1) }
        return lines.joined(separator: "\n")
    }
}
