import Foundation

/// One answer to a triage question and the node it leads to.
package struct TriageChoice: Codable, Sendable, Hashable {
    /// The answer as the secretary selects it (`Oui`, `Non`, `Je ne sais pas`). Unique within
    /// its question, compared ignoring case, accents and surrounding spaces.
    package var label: String
    /// Id of the next node in the same protocol.
    package var next: String
    /// A vital sign (`vital: true`): every path from this answer must end at the emergency outcome
    /// (`samu`: hang up and dial 15 / 112); configuration validation refuses any other end.
    package var vital: Bool?

    package init(label: String, next: String, vital: Bool? = nil) {
        self.label = label
        self.next = next
        self.vital = vital
    }

    /// The label folded for matching: trimmed, case- and diacritic-insensitive.
    package var matchKey: String { Self.matchKey(label) }

    /// Folds any label the way ``matchKey`` does.
    package static func matchKey(_ text: String) -> String {
        text.trimmingCharacters(in: .whitespacesAndNewlines)
            .folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: Locale(identifier: "fr_FR"))
    }
}
