import Foundation
import JSONRPC
import Kernel

/// `faq.acceptSuggestion {suggestionId} | {entryId, question}`: staff add a phrasing to an entry, so
/// that `faq.ask` finds the entry for it from now on. For a staff entry the phrasing joins its stored
/// questions (as `faq.upsert` would store them); for a built-in or configuration entry it goes to the
/// table of extra phrasings, since those entries' own phrasings live in code or in the file.
/// A phrasing the entry already has (same key) is not added twice.
struct FAQAcceptSuggestionMethod: RPCMethod {
    struct Params: Decodable, Sendable {
        let suggestionId: String?
        let entryId: String?
        let question: String?
    }

    static let name = "faq.acceptSuggestion"
    static let summary = "Adds a suggested phrasing (or any phrasing) to a FAQ entry's questions (staff)."
    static let role = Role.staff
    static let effect = MethodEffect.write
    static let paramsSchema = Schema.object([
        optional("suggestionId", .string, "An id from faq.suggestions."),
        optional("entryId", .string, "Without suggestionId: the entry to add the phrasing to."),
        optional("question", .text(500), "Without suggestionId: the phrasing to add.")
    ])
    static let resultSchema = FAQMethodsSchema.record

    let knowledgeBase: FAQKnowledgeBase

    func handle(_ p: Params, context: RequestContext) async throws -> FAQRecord {
        let entryId: String
        let question: String
        let practiceId = context.practiceId
        if let suggestionId = p.suggestionId {
            let feedback = try await context.store.read { db in try FAQFeedback.choosingAnEntry(practiceId: practiceId, in: db) }
            let suggestions = FAQSuggestion.compute(
                feedback: feedback, knowledgeBase: knowledgeBase, entryId: nil,
                minCount: 1, now: context.now)
            guard let suggestion = suggestions.first(where: { $0.id == suggestionId }) else {
                throw RPCError.notFound("suggestion \"\(suggestionId)\"", field: "suggestionId")
            }
            (entryId, question) = (suggestion.entryId, suggestion.question)
        } else {
            guard let id = p.entryId else {
                throw RPCError.invalidParams(field: "suggestionId", "give suggestionId, or entryId and question")
            }
            let text = (p.question ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty, text.count <= 500 else { throw RPCError.invalidParams(field: "question", "must have 1 to 500 characters") }
            (entryId, question) = (id, text)
        }
        guard let source = knowledgeBase.source(of: entryId) else {
            throw RPCError.notFound("FAQ entry \"\(entryId)\"", field: "entryId")
        }
        let analyzer = knowledgeBase.questionAnalyzer
        let key = analyzer.key(question)
        let now = context.now
        let actor = context.actor
        let knowledgeBase = self.knowledgeBase
        try await context.write { db in
            if source == .staff {
                if var edit = try FAQStaffEdit.find(id: entryId, practiceId: practiceId, in: db), !edit.hidden {
                    var questions = edit.questionList
                    if !questions.map(analyzer.key).contains(key) {
                        questions.append(question)
                        edit = FAQStaffEdit(
                            practiceId: practiceId, id: edit.id, questions: questions, answer: edit.answer, siteId: edit.siteId,
                            hidden: false, updatedAt: now, updatedBy: actor)
                        try edit.save(in: db)
                    }
                }
            } else if try !FAQExtraQuestion.exists(entryId: entryId, key: key, practiceId: practiceId, in: db) {
                try FAQExtraQuestion(practiceId: practiceId, entryId: entryId, question: question, key: key, addedAt: now, addedBy: actor).insert(in: db)
            }
            try FAQStoredEdits.rebuild(knowledgeBase, practiceId: practiceId, afterCommitOf: db)
            try context.publish("faq.changed", FAQChange(id: entryId, action: "questionAdded"), in: db)
        }
        guard let record = knowledgeBase.record(entryId, siteId: nil, now: context.now) else {
            throw RPCError.internalError("FAQ entry \"\(entryId)\" missing after adding a phrasing")
        }
        return record
    }
}
