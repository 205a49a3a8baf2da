import ArgumentParser
import Foundation
import Kernel
import Practice

/// `permanence config check FILE` and `permanence config example`.
struct Config: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a configuration file or print the example practice.",
        subcommands: [Check.self, Example.self])

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Report every problem of a configuration file, with its path and line.")
        @Argument(help: "The YAML file.") var file: String

        func run() async throws {
            do {
                let document = try ConfigurationDocument(contentsOf: file)
                _ = try PluginCatalog.plugins(for: document)
                print("\(file): OK")
            } catch let error as ConfigurationError {
                FileHandle.standardError.write(Data((error.description + "\n\(error.issues.count) problem(s)\n").utf8))
                throw ExitCode(1)
            }
        }
    }

    struct Example: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the bundled example practice (what serve runs without --config).")
        func run() async throws { print(ExamplePractice.yaml, terminator: "") }
    }
}
