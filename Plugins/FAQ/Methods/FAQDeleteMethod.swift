import Foundation
import GRDB
import JSONRPC
import Kernel
import Practice

/// `faq.delete {id}`: removes a staff entry, or hides an entry of the configuration file (a stored
/// tombstone, since the file is not rewritten). Built-in ids are refused.
struct FAQDeleteMethod: RPCMethod {
    struct Params: Decodable, Sendable { let id: String }
    struct Result: Encodable, Sendable {
        let id: String
        /// `removed` for a staff entry, `hidden` for an entry of the configuration file.
        let outcome: String
    }

    static let name = "faq.delete"
    static let summary = "Deletes a staff FAQ entry or hides a configuration entry (staff)."
    static let role = Role.staff
    static let effect = MethodEffect.write
    static let paramsSchema = Schema.object([required("id", .string)])
    static let resultSchema = Schema.object([required("id", .string), required("outcome", .oneOf(["removed", "hidden"]))])

    let knowledgeBase: FAQKnowledgeBase

    func handle(_ p: Params, context: RequestContext) async throws -> Result {
        guard !knowledgeBase.isBuiltIn(p.id) else {
            throw RPCError.unprocessable(field: "id", "\"\(p.id)\" is a built-in entry computed from the configuration; it cannot be deleted")
        }
        let inFile = knowledgeBase.isInConfiguration(p.id)
        let knowledgeBase = self.knowledgeBase
        let now = context.now
        let actor = context.actor
        let practiceId = context.practiceId
        let (outcome, stored, generation) = try await context.write { db -> (String?, FAQStoredEdits, UInt64) in
            let existing = try FAQStaffEdit.find(id: p.id, practiceId: practiceId, in: db)
            let outcome: String?
            if inFile {
                if existing?.hidden == true {
                    outcome = nil
                } else {
                    try FAQStaffEdit(
                        practiceId: practiceId, id: p.id, questions: [], answer: "", siteId: nil, hidden: true, updatedAt: now, updatedBy: actor
                    ).save(db)
                    outcome = "hidden"
                }
            } else if let existing, !existing.hidden {
                try existing.delete(db)
                outcome = "removed"
            } else {
                outcome = nil
            }
            return (outcome, try FAQStoredEdits.fetch(practiceId: practiceId, in: db), knowledgeBase.nextGeneration())
        }
        knowledgeBase.rebuild(stored, generation: generation)
        guard let outcome else { throw RPCError.notFound("FAQ entry \"\(p.id)\"", field: "id") }
        context.publish("faq.changed", FAQChange(id: p.id, action: "deleted"))
        return Result(id: p.id, outcome: outcome)
    }
}
