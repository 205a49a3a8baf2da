/// The reply of `faq.ask`.
///
/// `answers` holds the matches whose confidence reaches the threshold, best first; when there is
/// none, `confident` is false, `message` says so and suggests taking a message, and the closest
/// entries are only given as `suggestions` (never to be read out as an answer).
public struct FAQAskResult: Sendable, Encodable, Hashable {
    public var question: String
    public var siteId: String?
    public var confident: Bool
    public var answers: [FAQAnswer]
    public var suggestions: [FAQAnswer]
    public var message: String?
}
