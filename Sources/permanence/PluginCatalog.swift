import Agenda
import Escalation
import FAQ
import HTTPEdge
import KPI
import Kernel
import Messaging
import Notify
import Practice

/// The plugins this executable hosts, built from the configuration.
///
/// Plugins are listed here explicitly, in dependency order. `plugins: {disabled: [faq]}` in the
/// configuration leaves one out; its section is still validated (practice cannot be disabled:
/// every other module needs it).
/// Every module's configuration problems are collected before failing, so `config check` shows them all,
/// unknown keys included (with the nearest known key).
enum PluginCatalog {
    /// The feature plugins, by id, in the order they are built (practice is always on).
    static let disableable = ["notify", "agenda", "messaging", "escalation", "kpi", "faq"]

    /// The top-level sections of the configuration, by the module that reads them. Any other
    /// top-level key is refused (a misspelt `pratitioners:` must not leave the practice empty).
    static let sections: KeyValuePairs<String, [String]> = [
        "kernel": ["plugins", "privacy"],
        "practice": ["practice", "sites", "practitioners"],
        "notify": ["notify"],
        "agenda": ["calendars", "reminders", "waitlist"],
        "messaging": ["messaging"],
        "escalation": ["triage", "oncall", "escalation"],
        "kpi": ["kpi"],
        "faq": ["faq", "faqOptions"],
        "http edge": ["http"]
    ]

    /// The plugins `document` enables; `httpClient`, when given, is the one every practice of a
    /// service shares for its deliveries (else Notify makes its own).
    static func plugins(for document: ConfigurationDocument, conformance: Bool = false, httpClient: (any HTTPClient)? = nil) throws -> [any Plugin] {
        var issues: [ConfigurationIssue] = []
        struct Section: Decodable { var disabled: [String]? }
        let disabledList = document.decode(Section.self, at: "plugins", default: Section(), issues: &issues)?.disabled ?? []
        // A misspelt id would leave the plugin running while the operator believes it is off.
        for (i, id) in disabledList.enumerated() where !disableable.contains(id) {
            let path = "plugins.disabled[\(i)]"
            issues.append(
                ConfigurationIssue(
                    path: path, line: document.line(at: path),
                    message: "unknown plugin \"\(id)\"; plugins that can be disabled: \(disableable.joined(separator: ", "))"))
        }
        let disabled = Set(disabledList)
        var plugins: [any Plugin] = []
        func add(_ id: String, _ make: () throws -> any Plugin) {
            do {
                let plugin = try make()
                if !disabled.contains(id) { plugins.append(plugin) }
            } catch let e as ConfigurationError { issues += e.issues } catch {
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
            add("notify") { try NotifyPlugin(configuration: document, httpClient: httpClient) }
            add("agenda") { try AgendaPlugin(configuration: document, directory: directory) }
            add("messaging") { try MessagingPlugin(configuration: document, directory: directory) }
            add("escalation") { try EscalationPlugin(configuration: document, directory: directory) }
            add("kpi") { try KPIPlugin(configuration: document, directory: directory) }
            add("faq") { try FAQPlugin(configuration: document, directory: directory) }
        }
        // The HTTP edge's section, so that `config check` reports it too (serve reads it again).
        do { _ = try HTTPEdgeSettings.load(document) } catch { issues += error.issues }
        // A webhook subscribed to an event no module sends would wait for nothing without a word.
        if issues.isEmpty {
            issues += WebhookSubscription.issues(
                NotifyConfiguration.subscriptions(in: document),
                declared: plugins.flatMap(\.webhookEvents), in: document)
        }
        // Every module has read its sections: any key none of them asked for is a typo or a leftover.
        issues += document.unknownKeyIssues(sections: sections.flatMap { $0.value })
        if conformance { plugins.append(ConformancePlugin()) }
        if !issues.isEmpty { throw ConfigurationError(issues, source: document.source) }
        return plugins
    }
}
