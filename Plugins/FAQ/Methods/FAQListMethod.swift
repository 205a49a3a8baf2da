import JSONRPC
import Kernel
import Practice

/// `faq.list {siteId?}`: every entry of the knowledge base, computed answers included.
struct FAQListMethod: RPCMethod {
    struct Params: Decodable, Sendable { let siteId: String? }
    struct Result: Encodable, Sendable { let entries: [FAQRecord] }

    static let name = "faq.list"
    static let summary = "Every entry (built-in, configuration, staff), answers computed now; a site leaves out other sites' entries."
    static let role = Role.integration
    static let paramsSchema = Schema.object([optional("siteId", .string)])
    static let resultSchema = Schema.object([required("entries", .array(FAQMethodsSchema.record))])

    let knowledgeBase: FAQKnowledgeBase
    let directory: PracticeDirectory

    func handle(_ p: Params, context: RequestContext) async throws -> Result {
        if let siteId = p.siteId { _ = try directory.site(siteId) }
        return Result(entries: knowledgeBase.records(siteId: p.siteId, now: context.now))
    }
}
