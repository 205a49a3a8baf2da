import Foundation

/// An event name a webhook endpoint subscribes to in the configuration, where it was written.
package struct WebhookSubscription: Sendable, Equatable {
    package let path: String
    package let event: String

    package init(path: String, event: String) {
        self.path = path
        self.event = event
    }

    /// The subscriptions that name no event a module sends: `*` takes every event, `agenda.*` every
    /// event of a namespace some module sends in; anything else must be one of `declared`
    /// (the plugins' `webhookEvents`). Each issue names the path, its line and the nearest event.
    package static func issues(
        _ subscriptions: [WebhookSubscription], declared: [String],
        in document: ConfigurationDocument
    ) -> [ConfigurationIssue] {
        let known = Set(declared)
        let namespaces = Set(declared.compactMap { $0.split(separator: ".").first.map(String.init) })
        return subscriptions.compactMap { s in
            if s.event == "*" || known.contains(s.event) { return nil }
            if s.event.hasSuffix(".*"), namespaces.contains(String(s.event.dropLast(2))) { return nil }
            let hint =
                NearestName.suggestion(for: s.event, among: declared + namespaces.map { $0 + ".*" })
                .map { "; did you mean `\($0)`?" } ?? ""
            return document.issue(s.path, "no module sends the event \"\(s.event)\"\(hint) (events sent: \(declared.sorted().joined(separator: ", ")))")
        }
    }
}
