import Kernel
import Practice

/// The plugins this executable hosts, built from the configuration.
///
/// Plugins are listed here explicitly, in dependency order. `disabledPlugins: [faq]` in the
/// configuration leaves one out (practice cannot be disabled: every other module needs it).
/// Every module's configuration problems are collected before failing, so `config check` shows them all.
enum PluginCatalog {
    static func plugins(for document: ConfigurationDocument, conformance: Bool = false) throws -> [any Plugin] {
        var issues: [ConfigurationIssue] = []
        let disabled = Set(document.decode([String].self, at: "disabledPlugins", default: [], issues: &issues) ?? [])
        var plugins: [any Plugin] = []
        func add(_ id: String, _ make: () throws -> any Plugin) {
            guard !disabled.contains(id) else { return }
            do { plugins.append(try make()) } catch let e as ConfigurationError { issues += e.issues } catch {
                issues.append(ConfigurationIssue(path: id, message: "\(error)"))
            }
        }
        var practice: PracticePlugin?
        do { practice = try PracticePlugin(configuration: document) } catch { issues += error.issues }
        if let practice {
            plugins.append(practice)
            let directory = practice.directory
            _ = directory
            // Feature plugins: one line each.
        }
        if conformance { plugins.append(ConformancePlugin()) }
        if !issues.isEmpty { throw ConfigurationError(issues, source: document.source) }
        return plugins
    }
}
