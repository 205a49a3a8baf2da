/// One ranked answer to a question.
///
/// `score` is the raw relevance (BM25 over concepts; only comparable within one search).
/// `confidence` is normalised to 0…1 and comparable across questions: it says how much of
/// the question the entry accounts for, so a fixed threshold separates answers from guesses.
package struct FAQMatch: Sendable, Hashable {
    /// The matching entry's id.
    package var entryId: String
    /// Raw relevance score, higher is better.
    package var score: Double
    /// Normalised confidence in 0…1.
    package var confidence: Double
    /// Whether `confidence` reaches the index's threshold.
    package var isConfident: Bool
    /// The site the entry is restricted to, if any.
    package var siteId: String?

    package init(entryId: String, score: Double, confidence: Double, isConfident: Bool, siteId: String? = nil) {
        self.entryId = entryId
        self.score = score
        self.confidence = confidence
        self.isConfident = isConfident
        self.siteId = siteId
    }
}
