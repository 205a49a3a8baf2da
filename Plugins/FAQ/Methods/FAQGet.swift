import JSONRPC
import Kernel
import Practice

/// `faq.get {id, siteId?}`: one entry, its answer computed now.
struct FAQGet: RPCMethod {
    struct Params: Decodable, Sendable {
        let id: String
        let siteId: String?
    }

    static let name = "faq.get"
    static let summary = "One entry of the knowledge base, its answer computed now (for the site when given)."
    static let role = Role.integration
    static let paramsSchema = Schema.object([required("id", .string), optional("siteId", .string)])
    static let resultSchema = FAQMethodsSchema.record

    let knowledgeBase: FAQKnowledgeBase
    let directory: PracticeDirectory

    func handle(_ p: Params, context: RequestContext) async throws -> FAQRecord {
        if let siteId = p.siteId { _ = try directory.site(siteId) }
        guard let record = knowledgeBase.record(p.id, siteId: p.siteId, now: context.now) else {
            throw RPCError.notFound("FAQ entry \"\(p.id)\"", field: "id")
        }
        return record
    }
}
