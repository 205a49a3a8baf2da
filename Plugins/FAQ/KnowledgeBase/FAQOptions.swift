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
public struct FAQOptions: Sendable, Decodable {
    /// Matches under this confidence (0…1) are not given as answers.
    public var confidenceThreshold: Double?
    /// What the secretary is told when no answer is confident.
    public var noAnswer: String?
    /// Extra phrasings per built-in topic id.
    public var phrasings: [String: [String]]?

    public init(confidenceThreshold: Double? = nil, noAnswer: String? = nil, phrasings: [String: [String]]? = nil) {
        self.confidenceThreshold = confidenceThreshold
        self.noAnswer = noAnswer
        self.phrasings = phrasings
    }

    /// The default text when no answer is confident.
    public static let defaultNoAnswer =
        "Je n'ai pas de réponse sûre à cette question. Je vous propose de prendre un message : "
        + "le cabinet vous rappellera."
}
