import Foundation
import JSONRPC
import Kernel

/// `faq.suggestions {entryId?, minCount?}`: phrasings the secretaries matched to an entry at least
/// `minCount` times (default 2) while `faq.ask` refused them or chose another entry; see `FAQSuggestion`.
struct FAQSuggestionsMethod: RPCMethod {
    struct Params: Decodable, Sendable {
        let entryId: String?
        let minCount: Int?
    }

    struct Result: Encodable, Sendable {
        let suggestions: [FAQSuggestion]
    }

    static let name = "faq.suggestions"
    static let summary = "Phrasings worth adding to FAQ entries, from the secretaries' feedback (staff)."
    static let role = Role.staff
    static let paramsSchema = Schema.object([
        optional("entryId", .string, "Only suggestions for this entry."),
        optional("minCount", .integer, "Times a phrasing must have been seen, 1…1000 (default 2).")
    ])
    static let resultSchema = Schema.object([
        required("suggestions", .array(FAQMethodsSchema.suggestion))
    ])

    let knowledgeBase: FAQKnowledgeBase

    func handle(_ p: Params, context: RequestContext) async throws -> Result {
        let minCount = p.minCount ?? 2
        guard (1...1000).contains(minCount) else { throw RPCError.invalidParams(field: "minCount", "must be between 1 and 1000") }
        if let entryId = p.entryId, knowledgeBase.record(entryId, siteId: nil, now: context.now) == nil {
            throw RPCError.notFound("FAQ entry \"\(entryId)\"", field: "entryId")
        }
        let entryId = p.entryId
        let practiceId = context.practiceId
        let feedback = try await context.store.read { db in try FAQFeedback.choosingAnEntry(entryId, practiceId: practiceId, in: db) }
        let suggestions = FAQSuggestion.compute(
            feedback: feedback, knowledgeBase: knowledgeBase, entryId: p.entryId,
            minCount: minCount, now: context.now)
        return Result(suggestions: Array(suggestions.prefix(200)))
    }
}
