import Kernel

/// The plugins this executable hosts, built from the configuration.
///
/// Plugins are listed here explicitly; `plugins.disabled: [faq]` in the configuration leaves one out.
enum PluginCatalog {
    static func plugins(for document: ConfigurationDocument) throws -> [any Plugin] {
        var issues: [ConfigurationIssue] = []
        let disabled = Set(document.decode([String].self, at: "disabledPlugins", default: [], issues: &issues) ?? [])
        var plugins: [any Plugin] = []
        _ = disabled
        if !issues.isEmpty { throw ConfigurationError(issues, source: document.source) }
        return plugins
    }
}
