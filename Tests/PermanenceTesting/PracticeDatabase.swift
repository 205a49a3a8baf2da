package import Foundation

/// Database files for the tests of practices sharing one database: a fresh temporary file that
/// several hosts open (as several nodes would), a private copy of a fixture written by an earlier
/// release, and the example practice under another `practice.id`.
package enum PracticeDatabase {
    /// `Tests/Fixtures`.
    package static let fixtures: URL = {
        var url = URL(fileURLWithPath: #filePath)
        url.deleteLastPathComponent()
        url.deleteLastPathComponent()
        return url.appendingPathComponent("Fixtures")
    }()

    /// A path in a new temporary directory, for a database file no test shares.
    package static func temporaryPath(_ name: String = "permanence.sqlite") throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("practices-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent(name).path
    }

    /// A private copy of the fixture `name` (`single-practice-v1.sqlite`): the fixture itself is never written.
    package static func copyOfFixture(_ name: String) throws -> String {
        let path = try temporaryPath(name)
        try FileManager.default.copyItem(at: fixtures.appendingPathComponent(name), to: URL(fileURLWithPath: path))
        return path
    }

    /// `yaml` (a practice file whose `practice:` section is at the top level, as the example's) with
    /// its `practice.id` replaced by `id`, or removed when nil (the practice is then `default`).
    package static func example(_ yaml: String, practiceId id: String?) -> String {
        var lines = yaml.components(separatedBy: "\n")
        guard let section = lines.firstIndex(where: { $0.hasPrefix("practice:") }) else { return yaml }
        var i = section + 1
        while i < lines.count, lines[i].hasPrefix(" ") || lines[i].isEmpty {
            if lines[i].hasPrefix("  id:") { lines.remove(at: i) } else { i += 1 }
        }
        if let id { lines.insert("  id: \(id)", at: section + 1) }
        return lines.joined(separator: "\n")
    }

    /// A copy of the database of one practice written before rows carried their practice.
    package static func singlePracticeV1() throws -> String { try copyOfFixture("single-practice-v1.sqlite") }
}
