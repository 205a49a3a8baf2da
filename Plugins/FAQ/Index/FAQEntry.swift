import Foundation

/// One entry of a practice's knowledge base: several ways a patient may ask, one answer.
///
/// An entry with a `siteId` only answers questions asked for that site (or asked with no
/// site at all, in which case the match carries the site so the caller can say which site
/// it is about). Keywords are extra search terms that are never shown to anyone.
package struct FAQEntry: Sendable, Hashable, Codable {
    /// Stable identifier (`hours`, `parking`); unique within a knowledge base.
    package var id: String
    /// Phrasings of the question, in French, as a patient would say them.
    package var questions: [String]
    /// The answer read or sent to the patient.
    package var answer: String
    /// The site this entry is restricted to, or `nil` when it holds for the whole practice.
    package var siteId: String?
    /// Optional extra search terms.
    package var keywords: [String]
    /// Extra search terms of which only the words no other entry speaks of count (in its phrasings,
    /// keywords or answer): the built-in `services` entry's services, so that a service with an entry
    /// of its own is left to that entry. Not stored.
    package var exclusiveKeywords: [String] = []

    package init(id: String, questions: [String], answer: String, siteId: String? = nil, keywords: [String] = []) {
        self.id = id
        self.questions = questions
        self.answer = answer
        self.siteId = siteId
        self.keywords = keywords
    }

    private enum CodingKeys: String, CodingKey {
        case id, questions, answer
        case siteId = "site"
        case keywords
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        questions = try container.decode([String].self, forKey: .questions)
        answer = try container.decode(String.self, forKey: .answer)
        siteId = try container.decodeIfPresent(String.self, forKey: .siteId)
        keywords = try container.decodeIfPresent([String].self, forKey: .keywords) ?? []
    }
}
