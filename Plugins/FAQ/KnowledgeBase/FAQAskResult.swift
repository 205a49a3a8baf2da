/// The reply of `faq.ask`.
///
/// `answers` holds the matches whose confidence reaches the threshold, best first; when there is
/// none, `confident` is false, `message` says so and suggests taking a message, and the closest
/// entries are only given as `suggestions` (never to be read out as an answer).
package struct FAQAskResult: Sendable, Encodable, Hashable {
    package var question: String
    package var siteId: String?
    package var confident: Bool
    package var answers: [FAQAnswer]
    package var suggestions: [FAQAnswer]
    package var message: String?
}
