import Foundation

/// One answer to a triage question and the node it leads to.
public struct TriageChoice: Codable, Sendable, Hashable {
    /// The answer as the secretary selects it (`Oui`, `Non`, `Je ne sais pas`). Unique within
    /// its question, compared ignoring case, accents and surrounding spaces.
    public var label: String
    /// Id of the next node in the same protocol.
    public var next: String

    public init(label: String, next: String) {
        self.label = label
        self.next = next
    }

    /// The label folded for matching: trimmed, case- and diacritic-insensitive.
    public var matchKey: String { Self.matchKey(label) }

    /// Folds any label the way ``matchKey`` does.
    public static func matchKey(_ text: String) -> String {
        text.trimmingCharacters(in: .whitespacesAndNewlines)
            .folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: Locale(identifier: "fr_FR"))
    }
}
