import Foundation
import JSONRPC
package import Kernel

/// The configurations of `serve --practices DIR`: every `*.yaml` (or `*.yml`) file of the
/// directory, one practice each, in file-name order.
///
/// Each file must name its practice (`practice.id`); ids and the dialled numbers
/// (`practice.numbers`) must be unique across the files. Every problem is reported with its file,
/// path and line, all files read before anything is refused.
package enum PracticeFiles {
    /// The files' documents, or a `ConfigurationError` per file in trouble, joined in one error.
    package static func load(directory: String) throws -> [ConfigurationDocument] {
        let paths: [String]
        do {
            paths = try self.paths(in: directory)
        } catch {
            throw PracticeFilesError(lines: ["\(directory): not a readable directory"])
        }
        guard !paths.isEmpty else { throw PracticeFilesError(lines: ["\(directory): no practice file (*.yaml) in it"]) }
        var documents: [ConfigurationDocument] = []
        var problems: [String] = []
        for path in paths {
            do {
                documents.append(try ConfigurationDocument(contentsOf: path))
            } catch {
                problems.append(error.description)
            }
        }
        problems += crossFileIssues(documents)
        guard problems.isEmpty else { throw PracticeFilesError(lines: problems) }
        return documents
    }

    /// The practice files of `directory`: every `*.yaml` or `*.yml` not hidden, in name order.
    package static func paths(in directory: String) throws -> [String] {
        let url = URL(fileURLWithPath: directory, isDirectory: true)
        return try FileManager.default.contentsOfDirectory(atPath: url.path)
            .filter { ($0.hasSuffix(".yaml") || $0.hasSuffix(".yml")) && !$0.hasPrefix(".") }.sorted()
            .map { url.appendingPathComponent($0).path }
    }

    /// Missing ids, ids or numbers found in two files: one line each, naming both files.
    static func crossFileIssues(_ documents: [ConfigurationDocument]) -> [String] {
        var check = CrossFileCheck(requiresId: true)
        return documents.compactMap { document in
            let issues = check.admit(document)
            return issues.isEmpty ? nil : ConfigurationError(issues, source: document.source).description
        }
    }

    /// What files served together must not share, checked file by file in order: each file names its
    /// practice (when `requiresId`), and no id or dialled number is another admitted file's.
    package struct CrossFileCheck {
        let requiresId: Bool
        private var ids: [String: String] = [:]
        private var numbers: [String: String] = [:]

        package init(requiresId: Bool) { self.requiresId = requiresId }

        /// The practice id of `document` (`default` when it has none and none is required).
        package func practiceId(of document: ConfigurationDocument) -> String? {
            document.value(at: "practice.id")?.stringValue ?? (requiresId ? nil : KernelHost.defaultPracticeId)
        }

        /// What `document` clashes on; when nothing, its id and numbers are taken from now on.
        package mutating func admit(_ document: ConfigurationDocument) -> [ConfigurationIssue] {
            guard let id = practiceId(of: document) else {
                return [document.issue("practice", "practice.id is required when a directory of practices is served")]
            }
            var issues: [ConfigurationIssue] = []
            if let other = ids[id] { issues.append(document.issue("practice.id", "\"\(id)\" is already the id of the practice of \(other)")) }
            var mine: [String] = []
            for (i, value) in (document.value(at: "practice.numbers")?.arrayValue ?? []).enumerated() {
                guard let text = value.stringValue, let number = try? PhoneNumber(text).e164 else { continue } // reported by the file's own checks
                if let other = numbers[number] {
                    issues.append(document.issue("practice.numbers[\(i)]", "\(number) is already a number of the practice of \(other)"))
                }
                mine.append(number)
            }
            guard issues.isEmpty else { return issues }
            ids[id] = document.source
            for number in mine { numbers[number] = document.source }
            return []
        }
    }
}

/// What is wrong with a directory of practices, one line per problem.
package struct PracticeFilesError: Error, Sendable, CustomStringConvertible {
    package let lines: [String]
    package var description: String { lines.joined(separator: "\n") }
}
