import Foundation
import GRDB
import Kernel

/// The shared domain as a plugin: practice profile, business calendar, patients and the contact journal.
///
/// Other modules get `directory` from this value (the executable wires it) and append to the contact
/// journal through `ContactJournal`; they never read `practice_*` tables.
public struct PracticePlugin: Plugin {
    public let id = "practice"
    public let version = "0.1.0"
    public let namespaces = ["practice", "calendar", "patients", "contacts"]
    public let eventTopics = ["patients.created", "patients.updated", "contacts.recorded"]
    public let directory: PracticeDirectory

    /// Reads the practice's sections; throws every problem at once.
    public init(configuration: ConfigurationDocument) throws(ConfigurationError) {
        var issues: [ConfigurationIssue] = []
        guard let directory = PracticeDirectory(configuration: configuration, issues: &issues), issues.isEmpty else {
            throw ConfigurationError(issues, source: configuration.source)
        }
        self.directory = directory
    }

    public func registerMigrations(_ migrator: inout DatabaseMigrator) {
        ContactJournal.migrate(&migrator)
    }

    public func methods(host: KernelHost) -> [AnyMethod] {
        []
    }
}
