import Foundation
import Kernel
import Practice
import Testing

@testable import Escalation

private func issues(_ yaml: String) throws -> [ConfigurationIssue] {
    let doc = try ConfigurationDocument(yaml: yaml)
    let directory = try PracticePlugin(configuration: doc).directory
    do {
        _ = try EscalationPlugin(configuration: doc, directory: directory)
        return []
    } catch {
        return error.issues
    }
}

/// The example practice with one more protocol, first in the list (`triage[0]`).
private func withProtocol(_ nodes: String) -> String {
    ExamplePractice.yaml.replacingOccurrences(
        of: "\ntriage:\n",
        with: """

            triage:
              - id: essai
                title: Essai
                start: q1
                nodes:
            \(nodes)

            """)
}

@Suite("Configuration")
struct ConfigurationTests {
    @Test(
        "a broken protocol is rejected with its path and line",
        arguments: [
            (
                "cycle",
                """
                      q1:
                        question: A ?
                        choices: [{label: Oui, next: q2}, {label: Non, next: fin}]
                      q2:
                        question: B ?
                        choices: [{label: Oui, next: q1}, {label: Non, next: fin}]
                      fin:
                        outcome: {action: message, script: Message.}
                """, "triage[0].nodes.q2.choices[0].next"
            ),
            (
                "dead end",
                """
                      q1:
                        question: A ?
                        choices: [{label: Oui, next: q2}, {label: Non, next: fin}]
                      q2:
                        question: B ?
                      fin:
                        outcome: {action: message, script: Message.}
                """, "triage[0].nodes.q2.choices"
            ),
            (
                "unknown target",
                """
                      q1:
                        question: A ?
                        choices: [{label: Oui, next: nulle-part}, {label: Non, next: fin}]
                      fin:
                        outcome: {action: message, script: Message.}
                """, "triage[0].nodes.q1.choices[0].next"
            )
        ])
    func brokenProtocol(name: String, nodes: String, path: String) throws {
        let found = try issues(withProtocol(nodes))
        let issue = try #require(found.first { $0.path == path }, "\(found)")
        #expect(issue.line != nil)
    }

    @Test(
        "chains, routes and SMS templates are checked",
        arguments: [
            ("waitMinutes: 10}", "waitMinutes: 0}", "escalation.chains.default.steps[2].waitMinutes"),
            ("routes:\n    page-oncall: default", "routes:\n    page-oncall: nulle", "escalation.routes.page-oncall"),
            ("- {notify: staff, channels: [webhook]", "- {notify: dr-inconnu, channels: [webhook]", "escalation.chains.practitioner-first.steps[1].notify"),
            ("Répondez OK {code} pour confirmer.", "Répondez OK {code} pour confirmer. Motif : {reason}", "messaging.sms.oncall"),
            ("Répondez OK {code} pour confirmer.", "Répondez OK {code} pour confirmer." + String(repeating: " bla", count: 20), "messaging.sms.oncall"),
            ("order: [dr-martin, dr-benali, dr-roux]", "order: [dr-martin, dr-absent]", "oncall.rotation.order[1]")
        ])
    func escalationSection(find: String, replace: String, path: String) throws {
        let yaml = ExamplePractice.yaml.replacingOccurrences(of: find, with: replace)
        #expect(yaml != ExamplePractice.yaml)
        let found = try issues(yaml)
        #expect(found.contains { $0.path == path }, "\(found)")
    }

    @Test("without an escalation section the default chain pages the one on call three times")
    func defaults() throws {
        var yaml = ExamplePractice.yaml
        let start = yaml.range(of: "\nescalation:\n")!
        let end = yaml.range(of: "\nmessaging:\n")!
        yaml.removeSubrange(start.lowerBound..<end.lowerBound)
        #expect(try issues(yaml).isEmpty)
        let doc = try ConfigurationDocument(yaml: yaml)
        let plugin = try EscalationPlugin(configuration: doc, directory: try PracticePlugin(configuration: doc).directory)
        #expect(plugin.settings.chain(forRoute: "page-oncall") == .fallback)
    }
}
