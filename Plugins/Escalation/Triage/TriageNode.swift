import Foundation

/// One node of a ``TriageProtocol``: either a question with choices, or a terminal outcome.
///
/// In configuration a question node has the keys `question`, `choices` and optionally `help`
/// (a hint for the secretary, never read to the caller); an outcome node has the single key
/// `outcome`. A node with both `question` and `outcome`, or with neither, fails to decode with
/// the node's coding path.
package enum TriageNode: Codable, Sendable, Hashable {
    case question(TriageQuestion)
    case outcome(TriageOutcome)

    private enum CodingKeys: String, CodingKey {
        case question, choices, help, outcome
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let hasQuestion = container.contains(.question)
        let hasOutcome = container.contains(.outcome)
        switch (hasQuestion, hasOutcome) {
        case (true, false):
            self = .question(try TriageQuestion(from: decoder))
        case (false, true):
            self = .outcome(try container.decode(TriageOutcome.self, forKey: .outcome))
        case (true, true):
            throw DecodingError.dataCorruptedError(
                forKey: .outcome, in: container,
                debugDescription: "a triage node is either a question (question, choices) or an outcome, not both")
        case (false, false):
            throw DecodingError.dataCorrupted(
                DecodingError.Context(
                    codingPath: decoder.codingPath,
                    debugDescription: "a triage node needs either `question` and `choices`, or `outcome`"))
        }
    }

    package func encode(to encoder: any Encoder) throws {
        switch self {
        case .question(let question):
            try question.encode(to: encoder)
        case .outcome(let outcome):
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(outcome, forKey: .outcome)
        }
    }

    /// The choices of a question node; empty for an outcome.
    package var choices: [TriageChoice] {
        if case .question(let question) = self { return question.choices }
        return []
    }
}
