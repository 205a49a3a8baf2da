import Foundation
import JSONRPC
import Kernel
import Practice

/// `faq.delete {id}`: removes a staff entry, or hides an entry of the configuration file (a stored
/// tombstone, since the file is not rewritten). Built-in ids are refused.
struct FAQDeleteMethod: OneKeyMethod {
    static let keyParam = required("id", .string)
    struct Result: Encodable, Sendable {
        let id: String
        /// `removed` for a staff entry, `hidden` for an entry of the configuration file.
        let outcome: String
    }

    static let name = "faq.delete"
    static let summary = "Deletes a staff FAQ entry or hides a configuration entry (staff)."
    static let role = Role.staff
    static let effect = MethodEffect.write
    static let resultSchema = Schema.object([required("id", .string), required("outcome", .oneOf(["removed", "hidden"]))])

    let knowledgeBase: FAQKnowledgeBase

    func handle(_ p: Params, context: RequestContext) async throws -> Result {
        guard !knowledgeBase.isBuiltIn(p.key) else {
            throw RPCError.unprocessable(field: "id", "\"\(p.key)\" is a built-in entry computed from the configuration; it cannot be deleted")
        }
        let inFile = knowledgeBase.isInConfiguration(p.key)
        let knowledgeBase = self.knowledgeBase
        let now = context.now
        let actor = context.actor
        let practiceId = context.practiceId
        let outcome = try await context.write { db -> String? in
            let existing = try FAQStaffEdit.find(id: p.key, practiceId: practiceId, in: db)
            let outcome: String?
            if inFile {
                if existing?.hidden == true {
                    outcome = nil
                } else {
                    try FAQStaffEdit(
                        practiceId: practiceId, id: p.key, questions: [], answer: "", siteId: nil, hidden: true, updatedAt: now, updatedBy: actor
                    ).save(in: db)
                    outcome = "hidden"
                }
            } else if let existing, !existing.hidden {
                try existing.delete(in: db)
                outcome = "removed"
            } else {
                outcome = nil
            }
            try FAQStoredEdits.rebuild(knowledgeBase, practiceId: practiceId, afterCommitOf: db)
            if outcome != nil { try context.publish("faq.changed", FAQChange(id: p.key, action: "deleted"), in: db) }
            return outcome
        }
        guard let outcome else { throw RPCError.notFound("FAQ entry \"\(p.key)\"", field: "id") }
        return Result(id: p.key, outcome: outcome)
    }
}
