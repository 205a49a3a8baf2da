import Foundation

/// A question node: what the secretary asks, and the answers that lead on.
package struct TriageQuestion: Codable, Sendable, Hashable {
    /// The question, read to the caller as written (French by default).
    package var question: String
    /// The possible answers, in the order they are offered. Must not be empty.
    package var choices: [TriageChoice]
    /// Optional hint for the secretary (what counts as "yes", examples); never read aloud.
    package var help: String?

    package init(question: String, choices: [TriageChoice], help: String? = nil) {
        self.question = question
        self.choices = choices
        self.help = help
    }

    private enum CodingKeys: String, CodingKey { case question, choices, help }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        question = try container.decode(String.self, forKey: .question)
        // A missing `choices` key is a dead end that validation reports with its path,
        // rather than a decoding failure that would hide every other problem.
        choices = try container.decodeIfPresent([TriageChoice].self, forKey: .choices) ?? []
        help = try container.decodeIfPresent(String.self, forKey: .help)
    }
}
