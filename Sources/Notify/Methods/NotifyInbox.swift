import Foundation
import Kernel

/// `notify.inbox`: inbound SMS that no module handled, newest first, for a secretary to read.
struct NotifyInbox: RPCMethod {
    struct Params: Decodable, Sendable {
        let status: String?
        let limit: Int?
        let cursor: String?
    }
    static let name = "notify.inbox"
    static let summary = "Inbound SMS that no module handled (not an acknowledgement or a reply), newest first."
    static let role = Role.secretary
    static let paramsSchema = Schema.object([
        optional("status", .oneOf(["open", "done", "all"]), "default open"), optional("limit", .integer, "1…200, default 50"),
        optional("cursor", .string, "nextCursor of the previous page"),
    ])
    static let resultSchema = NotifyPage<InboxItem>.schema(InboxItem.schema)

    func handle(_ p: Params, context: RequestContext) async throws -> NotifyPage<InboxItem> {
        let status: InboxItem.Status?
        switch p.status {
        case nil, "open"?: status = .open
        case "done"?: status = .done
        case "all"?: status = nil
        default: throw RPCError.invalidParams(field: "status", "expected open, done or all")
        }
        let limit = try NotifyPage<InboxItem>.limit(p.limit)
        let before = try NotifyPage<InboxItem>.cursor(p.cursor)
        let rows = try await context.store.read { db in try InboxQueries.list(status: status, before: before, limit: limit + 1, in: db) }
        return NotifyPage(fetched: rows, limit: limit, id: \.id)
    }
}
