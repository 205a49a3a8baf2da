import Foundation
import JSONRPC
import Kernel
import Practice

/// `messaging.list`: the callback queue, alerts first (`undeliveredAlert`, `exhaustedChain`), then
/// earliest deadline first, overdue messages flagged; each item shows its urgent SMS's state.
/// Paged (`limit`, `cursor`): the reply keeps its fields and gains `nextCursor` when more follow.
struct MessagingListMethod: RPCMethod {
    /// `pending` is `open` and `assigned` together (the queue); `overdue` is pending and past its deadline.
    enum StatusFilter: String, Decodable, Sendable, CaseIterable { case pending, open, assigned, completed, overdue, all }

    typealias Params = PagedParams<Filters>
    struct Filters: Decodable, Sendable {
        var status: StatusFilter?
        var practitionerId: String?
        var dueBefore: Date?
        var siteId: String?
        var patientId: String?
    }
    struct Result: Encodable, Sendable {
        var messages: [Message]
        var count: Int
        var overdueCount: Int
        var asOf: Date
        var nextCursor: String?
    }
    static let name = "messaging.list"
    static let summary = "The callback queue: messages by status, practitioner and deadline, overdue ones flagged."
    static let role = Role.secretary
    static let effect = MethodEffect.sensitiveRead
    static let paramsSchema = Schema.object(
        [
            optional("status", .oneOf(StatusFilter.allCases.map(\.rawValue)), "default pending (open and assigned)"),
            optional("practitionerId", .string),
            optional("dueBefore", .instant, "only messages due before this instant"),
            optional("siteId", .string),
            optional("patientId", .string)
        ] + PageCursor.paramsFields(standard: 200))
    static let resultSchema = Schema.object([
        required("messages", .array(MessageSchemas.message)), required("count", .integer),
        required("overdueCount", .integer, "overdue messages among those listed"), required("asOf", .instant),
        PageCursor.nextCursorField
    ])

    let service: MessagingService

    func handle(_ p: Params, context: RequestContext) async throws -> Result {
        if let id = p.practitionerId { _ = try service.directory.practitioner(id) }
        if let id = p.siteId { _ = try service.directory.site(id) }
        let limit = try p.pageSize(standard: 200)
        let after = try p.after([.int, .real, .real, .int])
        let now = context.now
        let practiceId = context.practiceId
        let page = try await context.store.read { db in
            if let patientId = p.patientId, !PatientRegistry.exists(patientId, practiceId: practiceId, in: db) {
                throw RPCError.notFound("patient \(patientId)", field: "patientId")
            }
            let rows = try MessagingStore.page(
                status: p.status ?? .pending, practitionerId: p.practitionerId, siteId: p.siteId,
                patientId: p.patientId, dueBefore: p.dueBefore, after: after, limit: limit, practiceId: practiceId, now: now, in: db)
            let page = Page(keyed: rows, limit: limit)
            var messages = page.items
            try Message.fillDetails(&messages, practiceId: practiceId, in: db)
            return Page(items: messages, nextCursor: page.nextCursor)
        }
        let messages = page.items
        return Result(
            messages: messages, count: messages.count, overdueCount: messages.filter(\.overdue).count, asOf: now,
            nextCursor: page.nextCursor)
    }
}
