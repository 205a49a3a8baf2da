import Foundation
import JSONRPC
import Kernel

/// The configurations of `serve --practices DIR`: every `*.yaml` (or `*.yml`) file of the
/// directory, one practice each, in file-name order.
///
/// Each file must name its practice (`practice.id`); ids and the dialled numbers
/// (`practice.numbers`) must be unique across the files. Every problem is reported with its file,
/// path and line, all files read before anything is refused.
package enum PracticeFiles {
    /// The files' documents, or a `ConfigurationError` per file in trouble, joined in one error.
    package static func load(directory: String) throws -> [ConfigurationDocument] {
        let url = URL(fileURLWithPath: directory, isDirectory: true)
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: url.path)
                .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.filter { !$0.hasPrefix(".") }.sorted()
        } catch {
            throw PracticeFilesError(lines: ["\(directory): not a readable directory"])
        }
        guard !names.isEmpty else { throw PracticeFilesError(lines: ["\(directory): no practice file (*.yaml) in it"]) }
        var documents: [ConfigurationDocument] = []
        var problems: [String] = []
        for name in names {
            do {
                documents.append(try ConfigurationDocument(contentsOf: url.appendingPathComponent(name).path))
            } catch {
                problems.append(error.description)
            }
        }
        problems += crossFileIssues(documents)
        guard problems.isEmpty else { throw PracticeFilesError(lines: problems) }
        return documents
    }

    /// Missing ids, ids or numbers found in two files: one line each, naming both files.
    static func crossFileIssues(_ documents: [ConfigurationDocument]) -> [String] {
        var lines: [String] = []
        var ids: [String: String] = [:]
        var numbers: [String: String] = [:]
        for document in documents {
            guard let id = document.value(at: "practice.id")?.stringValue else {
                lines.append(
                    ConfigurationError(
                        [document.issue("practice", "practice.id is required when a directory of practices is served")],
                        source: document.source
                    ).description)
                continue
            }
            if let other = ids.updateValue(document.source, forKey: id) {
                lines.append(
                    ConfigurationError(
                        [document.issue("practice.id", "\"\(id)\" is already the id of the practice of \(other)")],
                        source: document.source
                    ).description)
            }
            for (i, value) in (document.value(at: "practice.numbers")?.arrayValue ?? []).enumerated() {
                guard let text = value.stringValue, let number = try? PhoneNumber(text).e164 else { continue } // reported by the file's own checks
                if let other = numbers.updateValue(document.source, forKey: number), other != document.source {
                    lines.append(
                        ConfigurationError(
                            [document.issue("practice.numbers[\(i)]", "\(number) is already a number of the practice of \(other)")],
                            source: document.source
                        ).description)
                }
            }
        }
        return lines
    }
}

/// What is wrong with a directory of practices, one line per problem.
package struct PracticeFilesError: Error, Sendable, CustomStringConvertible {
    package let lines: [String]
    package var description: String { lines.joined(separator: "\n") }
}
