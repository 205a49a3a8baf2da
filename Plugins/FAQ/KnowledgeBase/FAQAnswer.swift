/// One ranked answer of `faq.ask`: the entry, its answer text for the moment of the question,
/// its raw score (comparable within one question only) and its confidence (0…1).
package struct FAQAnswer: Sendable, Encodable, Hashable {
    package var entryId: String
    package var answer: String
    package var score: Double
    package var confidence: Double
    /// The site the entry is restricted to, if any.
    package var siteId: String?
    package var source: FAQSource
}
