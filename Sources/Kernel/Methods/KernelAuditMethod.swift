import Foundation
import JSONRPC

/// `kernel.audit`: the audit trail of one practice, newest first, a page at a time. On a server of
/// several practices the call names its practice like any practice-scoped call (`practiceId`).
struct KernelAuditMethod: RPCMethod {
    typealias Params = PagedParams<Filters>
    struct Filters: Decodable, Sendable {
        let method: String?
    }
    static let name = "kernel.audit"
    static let summary = "Lists the audit trail newest first (who called which changing or sensitive method, when), a page at a time."
    static let role = Role.admin
    /// Each practice has its own trail: an admin of several practices names the one to read.
    static let scope = MethodScope.practice
    static let paramsSchema = Schema.object([optional("method", .string)] + PageCursor.paramsFields(standard: 100))
    static let resultSchema = Page<AuditLog.Entry>.schema(
        .object([
            required("id", .integer), required("at", .instant), required("actor", .string), required("role", .string),
            required("method", .string), required("params", .string)
        ]))
    func handle(_ p: Params, context: RequestContext) async throws -> Page<AuditLog.Entry> {
        let limit = try p.pageSize(standard: 100)
        let before = try p.after([.int])?[0].int
        await context.host.flushAudit()
        let rows = try await context.host.audit.entries(practiceId: context.practiceId, method: p.method, before: before, limit: limit + 1)
        return Page(fetched: rows, limit: limit) { [PageKey($0.id)] }
    }
}
