import Kernel

/// The `faqOptions` section of the configuration: the search's confidence threshold, the text
/// given when no answer is confident, and extra phrasings for built-in topics.
///
/// ```yaml
/// faqOptions:
///   confidenceThreshold: 0.235
///   noAnswer: "Je n'ai pas de réponse sûre…"
///   phrasings: {open-now: ["Vous êtes là cet après-midi ?"]}
/// ```
package struct FAQOptions: Sendable, Decodable {
    /// Matches under this confidence (0…1) are not given as answers.
    package var confidenceThreshold: Double?
    /// What the secretary is told when no answer is confident.
    package var noAnswer: String?
    /// Extra phrasings per built-in topic id.
    package var phrasings: [String: [String]]?

    package init(confidenceThreshold: Double? = nil, noAnswer: String? = nil, phrasings: [String: [String]]? = nil) {
        self.confidenceThreshold = confidenceThreshold
        self.noAnswer = noAnswer
        self.phrasings = phrasings
    }

    /// The default text when no answer is confident.
    package static let defaultNoAnswer =
        "Je n'ai pas de réponse sûre à cette question. Je vous propose de prendre un message : "
        + "le cabinet vous rappellera."
}
