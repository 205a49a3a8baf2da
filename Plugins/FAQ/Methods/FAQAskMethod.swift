import Foundation
import JSONRPC
import Kernel
import Practice

/// `faq.ask {question, siteId?, limit?}`: ranked answers from the knowledge base.
struct FAQAskMethod: RPCMethod {
    struct Params: Decodable, Sendable {
        let question: String
        let siteId: String?
        let limit: Int?
    }

    static let name = "faq.ask"
    static let summary = "Ranked answers to a patient's question, in French; says so when no answer is confident."
    static let role = Role.integration
    static let paramsSchema = Schema.object([
        required("question", .text(2000), "The question as the patient asked it."),
        optional("siteId", .string, "Answer for this site (site-restricted entries of other sites are left out)."),
        optional("limit", .integer, "Answers and suggestions to return, 1…20 (default 3).")
    ])
    static let resultSchema = Schema.object([
        required("question", .string), optional("siteId", .string), required("confident", .boolean),
        required("answers", .array(FAQMethodsSchema.answer)), required("suggestions", .array(FAQMethodsSchema.answer)),
        optional("message", .string, "Present when no answer is confident: suggests taking a message.")
    ])

    let knowledgeBase: FAQKnowledgeBase
    let directory: PracticeDirectory
    /// Told of every ask, to follow other nodes' edits (nil: this process makes every edit).
    var freshness: FAQFreshness? = nil

    func handle(_ p: Params, context: RequestContext) async throws -> FAQAskResult {
        let question = p.question.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !question.isEmpty else { throw RPCError.invalidParams(field: "question", "must not be empty") }
        guard question.count <= 2000 else { throw RPCError.invalidParams(field: "question", "is longer than 2000 characters") }
        let limit = p.limit ?? 3
        guard (1...20).contains(limit) else { throw RPCError.invalidParams(field: "limit", "must be between 1 and 20") }
        if let siteId = p.siteId { _ = try directory.site(siteId) }
        freshness?.askWasMade(store: context.host.store, practiceId: context.host.practiceId)
        return knowledgeBase.ask(question, siteId: p.siteId, limit: limit, now: context.now)
    }
}
