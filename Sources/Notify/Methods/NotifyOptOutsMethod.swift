import Foundation
import JSONRPC
import Kernel

/// `notify.optOuts`: the numbers that replied STOP to a reminder or an offer, by number.
struct NotifyOptOutsMethod: RPCMethod {
    typealias Params = PagedParams<NoParams>
    static let name = "notify.optOuts"
    static let summary = "Numbers that replied STOP: they get no reminder or offer of a freed slot until notify.optIn."
    static let role = Role.secretary
    static let paramsSchema = Schema.object(PageCursor.paramsFields(standard: 100))
    static let resultSchema = Page<OptOut>.schema(OptOut.schema)

    func handle(_ p: Params, context: RequestContext) async throws -> Page<OptOut> {
        let practiceId = context.practiceId
        let limit = try p.pageSize(standard: 100)
        let after = try p.after([.text])?[0].text
        let rows = try await context.store.read { db in try OptOutStore.list(after: after, limit: limit + 1, practiceId: practiceId, in: db) }
        return Page(fetched: rows, limit: limit) { [PageKey($0.phone)] }
    }
}
