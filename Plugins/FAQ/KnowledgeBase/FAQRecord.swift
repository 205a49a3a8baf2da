/// One entry of the knowledge base as the methods show it: its phrasings, its answer (computed
/// for the moment of the request when `computed`), its site restriction and its source.
package struct FAQRecord: Sendable, Encodable, Hashable {
    package var id: String
    package var questions: [String]
    package var answer: String
    package var siteId: String?
    package var source: FAQSource
    /// True for built-in entries whose answer is computed when asked.
    package var computed: Bool

    package init(id: String, questions: [String], answer: String, siteId: String?, source: FAQSource, computed: Bool) {
        self.id = id
        self.questions = questions
        self.answer = answer
        self.siteId = siteId
        self.source = source
        self.computed = computed
    }
}
