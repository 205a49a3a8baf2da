import Foundation
package import GRDB
package import Kernel
package import Practice

/// The practice's knowledge base as a plugin: `faq.ask`, `faq.list`, `faq.get`, the staff's
/// `faq.upsert` / `faq.delete`, and learning from the secretaries: `faq.feedback` (what they chose
/// after an answer or a refusal), `faq.suggestions` and `faq.acceptSuggestion` (staff).
///
/// Reads the `faq` section (the practice's entries) and `faqOptions`; built-in entries (address,
/// hours, open now, closures, numbers, insurance, services, practitioners, new patients) are
/// computed from the practice's configuration and calendar. Staff edits live in `faq_entry` and
/// `faq_extra_question`, feedback in `faq_feedback`.
package struct FAQPlugin: Plugin {
    package let id = "faq"
    package let version = "0.1.0"
    package let namespaces = ["faq"]
    package let eventTopics = ["faq.changed"]
    /// An entry id and what happened to it; `faq.get` is open to integrations too.
    package let eventAccess: [String: EventAccess] = ["faq.changed": .operational(.integration)]
    package let directory: PracticeDirectory
    package let knowledgeBase: FAQKnowledgeBase
    /// Follows edits made on other nodes of a shared database (`faq.ask` drives it).
    let freshness: FAQFreshness

    /// Reads `faq` and `faqOptions`; throws every problem at once, with its path and line.
    package init(configuration: ConfigurationDocument, directory: PracticeDirectory) throws(ConfigurationError) {
        var issues: [ConfigurationIssue] = []
        let entries = configuration.decode([FAQEntry].self, at: "faq", default: [], issues: &issues) ?? []
        let options = configuration.decode(FAQOptions.self, at: "faqOptions", default: FAQOptions(), issues: &issues) ?? FAQOptions()
        var seen = Set<String>()
        let siteIds = Set(directory.sites.map(\.id))
        for (i, entry) in entries.enumerated() {
            if !FAQEntryRules.isValid(id: entry.id) {
                issues.append(configuration.issue("faq[\(i)].id", "must be 1 to 64 lower-case ASCII letters, digits or dashes"))
            } else if BuiltInTopic(rawValue: entry.id) != nil {
                issues.append(configuration.issue("faq[\(i)].id", "\"\(entry.id)\" is a built-in entry computed from the configuration"))
            } else if !seen.insert(entry.id).inserted {
                issues.append(configuration.issue("faq[\(i)].id", "duplicate FAQ id \"\(entry.id)\""))
            }
            if entry.questions.isEmpty || entry.questions.contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
                issues.append(configuration.issue("faq[\(i)].questions", "needs at least one non-empty phrasing"))
            }
            if entry.answer.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                issues.append(configuration.issue("faq[\(i)].answer", "must not be empty"))
            }
            if let site = entry.siteId, !siteIds.contains(site) {
                issues.append(configuration.issue("faq[\(i)].site", "unknown site \"\(site)\""))
            }
        }
        if let threshold = options.confidenceThreshold, !(0...1).contains(threshold) {
            issues.append(configuration.issue("faqOptions.confidenceThreshold", "must be between 0 and 1"))
        }
        for key in (options.phrasings ?? [:]).keys where BuiltInTopic(rawValue: key) == nil {
            issues.append(
                configuration.issue(
                    "faqOptions.phrasings.\(key)",
                    "unknown built-in topic; known: "
                        + BuiltInTopic.allCases.map(\.rawValue).joined(separator: ", ")))
        }
        guard issues.isEmpty else { throw ConfigurationError(issues, source: configuration.source) }
        self.directory = directory
        let builtIns = BuiltInAnswers(directory: directory, appointmentLabels: BuiltInAnswers.appointmentLabels(in: configuration))
        self.knowledgeBase = FAQKnowledgeBase(builtIns: builtIns, configurationEntries: entries, options: options)
        freshness = FAQFreshness(knowledgeBase: knowledgeBase)
    }

    package func registerMigrations(_ migrator: inout DatabaseMigrator) {
        FAQMigrations.register(&migrator)
    }

    package func registerSchema(_ schema: inout SchemaMigrations) {
        FAQMigrations.register(&schema)
    }

    package func methods(host: KernelHost) -> [AnyMethod] {
        [
            AnyMethod(FAQAskMethod(knowledgeBase: knowledgeBase, directory: directory, freshness: freshness)),
            AnyMethod(FAQListMethod(knowledgeBase: knowledgeBase, directory: directory)),
            AnyMethod(FAQGetMethod(knowledgeBase: knowledgeBase, directory: directory)),
            AnyMethod(FAQUpsertMethod(knowledgeBase: knowledgeBase, directory: directory)),
            AnyMethod(FAQDeleteMethod(knowledgeBase: knowledgeBase)),
            AnyMethod(FAQFeedbackMethod(knowledgeBase: knowledgeBase, directory: directory)),
            AnyMethod(FAQSuggestionsMethod(knowledgeBase: knowledgeBase)),
            AnyMethod(FAQAcceptSuggestionMethod(knowledgeBase: knowledgeBase))
        ]
    }

    /// Loads the staff edits of the host's practice for the index (built on the first question).
    ///
    /// A read, not a write: the practice is not reachable before it is started, so no edit can be
    /// under way, and a start must not queue behind other practices' writes (a service's start
    /// plans reminders for every practice meanwhile).
    package func start(host: KernelHost) async throws {
        let knowledgeBase = self.knowledgeBase
        let practiceId = host.practiceId
        let stored = try await host.store.read { db in try FAQStoredEdits.fetch(practiceId: practiceId, in: db) }
        guard !stored.isEmpty else { return }
        knowledgeBase.rebuild(stored, generation: knowledgeBase.nextGeneration())
    }
}
