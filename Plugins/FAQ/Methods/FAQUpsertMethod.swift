import Foundation
import JSONRPC
import Kernel
import Practice

/// `faq.upsert {id, questions, answer, siteId?}`: the practice's staff adds an entry or rewrites one
/// of the configuration file (the stored edit wins over the file). Built-in ids are refused: their
/// answers are computed from the configuration.
struct FAQUpsertMethod: RPCMethod {
    struct Params: Decodable, Sendable {
        let id: String
        let questions: [String]
        let answer: String
        let siteId: String?
    }

    static let name = "faq.upsert"
    static let summary = "Adds or replaces a practice FAQ entry (staff); it wins over the configuration file."
    static let role = Role.staff
    static let effect = MethodEffect.write
    static let paramsSchema = Schema.object([
        required("id", .string, "Lower-case ASCII letters, digits and dashes; not a built-in id."),
        required("questions", .array(.text(500)).maxItems(50), "Phrasings patients use (at least one)."),
        required("answer", .text(4000), "The answer read to the patient."),
        optional("siteId", .string, "Restricts the entry to one site.")
    ])
    static let resultSchema = FAQMethodsSchema.record

    let knowledgeBase: FAQKnowledgeBase
    let directory: PracticeDirectory

    func handle(_ p: Params, context: RequestContext) async throws -> FAQRecord {
        try FAQEntryRules.validate(id: p.id, field: "id")
        guard !knowledgeBase.isBuiltIn(p.id) else {
            throw RPCError.unprocessable(field: "id", "\"\(p.id)\" is a built-in entry computed from the configuration; it cannot be edited")
        }
        let questions = p.questions.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        guard !questions.isEmpty else { throw RPCError.invalidParams(field: "questions", "needs at least one phrasing") }
        for (i, question) in questions.enumerated() where question.isEmpty || question.count > 500 {
            throw RPCError.invalidParams(field: "questions[\(i)]", "must have 1 to 500 characters")
        }
        let answer = p.answer.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !answer.isEmpty, answer.count <= 4000 else { throw RPCError.invalidParams(field: "answer", "must have 1 to 4000 characters") }
        if let siteId = p.siteId { _ = try directory.site(siteId) }

        let practiceId = context.practiceId
        let edit = FAQStaffEdit(
            practiceId: practiceId, id: p.id, questions: questions, answer: answer, siteId: p.siteId, hidden: false,
            updatedAt: context.now, updatedBy: context.actor)
        let knowledgeBase = self.knowledgeBase
        try await context.write { db in
            try edit.save(in: db)
            try FAQStoredEdits.rebuild(knowledgeBase, practiceId: practiceId, afterCommitOf: db)
            try context.publish("faq.changed", FAQChange(id: p.id, action: "upserted"), in: db)
        }
        guard let record = knowledgeBase.record(p.id, siteId: p.siteId, now: context.now) else {
            throw RPCError.internalError("FAQ entry \"\(p.id)\" missing after upsert")
        }
        return record
    }
}
