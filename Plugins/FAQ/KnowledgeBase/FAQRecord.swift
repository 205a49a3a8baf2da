/// One entry of the knowledge base as the methods show it: its phrasings, its answer (computed
/// for the moment of the request when `computed`), its site restriction and its source.
public struct FAQRecord: Sendable, Encodable, Hashable {
    public var id: String
    public var questions: [String]
    public var answer: String
    public var siteId: String?
    public var source: FAQSource
    /// True for built-in entries whose answer is computed when asked.
    public var computed: Bool

    public init(id: String, questions: [String], answer: String, siteId: String?, source: FAQSource, computed: Bool) {
        self.id = id
        self.questions = questions
        self.answer = answer
        self.siteId = siteId
        self.source = source
        self.computed = computed
    }
}
