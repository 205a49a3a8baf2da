import Foundation
import JSONRPC
import Kernel

/// `notify.inbox`: inbound SMS that no module handled, newest first, for a secretary to read.
struct NotifyInboxMethod: RPCMethod {
    typealias Params = PagedParams<Filters>
    struct Filters: Decodable, Sendable {
        let status: String?
    }
    static let name = "notify.inbox"
    static let summary = "Inbound SMS that no module handled (not an acknowledgement or a reply), newest first."
    static let role = Role.secretary
    static let paramsSchema = Schema.object(
        [
            optional("status", .oneOf(["open", "done", "all"]), "default open")
        ] + PageCursor.paramsFields(standard: 50))
    static let resultSchema = Page<InboxItem>.schema(InboxItem.schema)

    func handle(_ p: Params, context: RequestContext) async throws -> Page<InboxItem> {
        let practiceId = context.practiceId
        let status: InboxItem.Status?
        switch p.status {
        case nil, "open"?: status = .open
        case "done"?: status = .done
        case "all"?: status = nil
        default: throw RPCError.invalidParams(field: "status", "expected open, done or all")
        }
        let limit = try p.pageSize(standard: 50)
        let before = try p.after([.int])?[0].int
        let rows = try await context.store.read { db in try InboxStore.list(status: status, before: before, limit: limit + 1, practiceId: practiceId, in: db) }
        return Page(fetched: rows, limit: limit) { [PageKey(Int64($0.id) ?? 0)] }
    }
}
