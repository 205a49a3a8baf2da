/// One ranked answer of `faq.ask`: the entry, its answer text for the moment of the question,
/// its raw score (comparable within one question only) and its confidence (0…1).
public struct FAQAnswer: Sendable, Encodable, Hashable {
    public var entryId: String
    public var answer: String
    public var score: Double
    public var confidence: Double
    /// The site the entry is restricted to, if any.
    public var siteId: String?
    public var source: FAQSource
}
