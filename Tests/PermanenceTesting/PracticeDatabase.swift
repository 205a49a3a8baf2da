import Foundation

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

    /// The bundled example practice's file (`ExamplePractice.yaml`) with `practice.id` set to `id`,
    /// or without one (the practice is then `default`) when nil.
    package static func example(_ yaml: String, practiceId id: String?) -> String {
        let line = "  id: msp-tilleuls"
        precondition(yaml.contains(line), "the example practice no longer has its id line")
        return yaml.replacingOccurrences(of: line, with: id.map { "  id: \($0)" } ?? "")
    }
}
