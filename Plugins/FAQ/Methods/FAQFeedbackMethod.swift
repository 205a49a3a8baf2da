import Foundation
import JSONRPC
import Kernel
import Practice

/// `faq.feedback {question, entryId?, siteId?}`: after `faq.ask`, the secretary says which entry
/// answered the patient (`entryId`), or that none did (`entryId` absent, null or `"none"`). The
/// choice is stored with the secretary's name and what the FAQ answered at that moment; choices the
/// FAQ got wrong become `faq.suggestions`.
struct FAQFeedbackMethod: RPCMethod {
    struct Params: Decodable, Sendable {
        let question: String
        let entryId: String?
        let siteId: String?
    }

    struct Result: Encodable, Sendable {
        let id: Int64
        let question: String
        let entryId: String?
        /// What `faq.ask` answered with confidence (absent: it refused).
        let answeredEntryId: String?
        /// Whether the secretary's choice is what `faq.ask` answered.
        let agreed: Bool
    }

    static let name = "faq.feedback"
    static let summary = "Records which entry answered a question (or none), after faq.ask; feeds faq.suggestions."
    static let role = Role.secretary
    static let effect = MethodEffect.write
    static let paramsSchema = Schema.object([
        required("question", .text(500), "The question as the patient asked it."),
        optional("entryId", .nullable(.string), "The entry that answered it; absent, null or \"none\" when none did."),
        optional("siteId", .string, "The site the question was asked for.")
    ])
    static let resultSchema = Schema.object([
        required("id", .integer), required("question", .string), optional("entryId", .string),
        optional("answeredEntryId", .string, "What faq.ask answered with confidence; absent when it refused."),
        required("agreed", .boolean)
    ])

    let knowledgeBase: FAQKnowledgeBase
    let directory: PracticeDirectory

    func handle(_ p: Params, context: RequestContext) async throws -> Result {
        let question = p.question.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !question.isEmpty, question.count <= 500 else {
            throw RPCError.invalidParams(field: "question", "must have 1 to 500 characters")
        }
        let chosen = p.entryId == "none" ? nil : p.entryId
        if let chosen {
            guard knowledgeBase.record(chosen, siteId: nil, now: context.now) != nil else {
                throw RPCError.notFound("FAQ entry \"\(chosen)\"", field: "entryId")
            }
        }
        if let siteId = p.siteId { _ = try directory.site(siteId) }
        let reply = knowledgeBase.ask(question, siteId: p.siteId, limit: 1, now: context.now)
        let answered = reply.confident ? reply.answers.first?.entryId : nil
        var row = FAQFeedback(
            practiceId: context.practiceId, question: question, key: knowledgeBase.questionAnalyzer.key(question), entryId: chosen,
            answeredEntryId: answered, siteId: p.siteId, recordedAt: context.now, actor: context.actor)
        let inserted = try await context.write { [row] db -> FAQFeedback in
            var row = row
            try row.insert(in: db)
            return row
        }
        row = inserted
        return Result(id: row.id ?? 0, question: question, entryId: chosen, answeredEntryId: answered, agreed: chosen == answered)
    }
}
