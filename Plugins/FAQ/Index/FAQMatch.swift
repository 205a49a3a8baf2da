/// One ranked answer to a question.
///
/// `score` is the raw relevance (BM25 over concepts; only comparable within one search).
/// `confidence` is normalised to 0…1 and comparable across questions: it says how much of
/// the question the entry accounts for, so a fixed threshold separates answers from guesses.
public struct FAQMatch: Sendable, Hashable {
    /// The matching entry's id.
    public var entryId: String
    /// Raw relevance score, higher is better.
    public var score: Double
    /// Normalised confidence in 0…1.
    public var confidence: Double
    /// Whether `confidence` reaches the index's threshold.
    public var isConfident: Bool
    /// The site the entry is restricted to, if any.
    public var siteId: String?

    public init(entryId: String, score: Double, confidence: Double, isConfident: Bool, siteId: String? = nil) {
        self.entryId = entryId
        self.score = score
        self.confidence = confidence
        self.isConfident = isConfident
        self.siteId = siteId
    }
}
