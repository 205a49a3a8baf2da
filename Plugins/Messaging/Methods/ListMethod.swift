import Foundation
import Kernel

/// `messaging.list`: the callback queue, alerts first (`undeliveredAlert`, `exhaustedChain`), then
/// earliest deadline first, overdue messages flagged; each item shows its urgent SMS's state.
struct ListMethod: RPCMethod {
    /// `pending` is `open` and `assigned` together (the queue); `overdue` is pending and past its deadline.
    enum StatusFilter: String, Decodable, Sendable, CaseIterable { case pending, open, assigned, completed, overdue, all }

    struct Params: Decodable, Sendable {
        var status: StatusFilter?
        var practitionerId: String?
        var dueBefore: Date?
        var siteId: String?
        var patientId: String?
        var limit: Int?
    }
    struct Result: Encodable, Sendable {
        var messages: [Message]
        var count: Int
        var overdueCount: Int
        var asOf: Date
    }
    static let name = "messaging.list"
    static let summary = "The callback queue: messages by status, practitioner and deadline, overdue ones flagged."
    static let role = Role.secretary
    static let effect = MethodEffect.sensitiveRead
    static let paramsSchema = Schema.object([
        optional("status", .oneOf(StatusFilter.allCases.map(\.rawValue)), "default pending (open and assigned)"),
        optional("practitionerId", .string),
        optional("dueBefore", .instant, "only messages due before this instant"),
        optional("siteId", .string),
        optional("patientId", .string),
        optional("limit", .integer, "1 to 1000, default 200"),
    ])
    static let resultSchema = Schema.object([
        required("messages", .array(MessageSchemas.message)), required("count", .integer),
        required("overdueCount", .integer, "overdue messages among those listed"), required("asOf", .instant),
    ])

    let service: MessagingService

    func handle(_ p: Params, context: RequestContext) async throws -> Result {
        if let id = p.practitionerId { _ = try service.directory.practitioner(id) }
        if let id = p.siteId { _ = try service.directory.site(id) }
        let limit = p.limit ?? 200
        guard (1...1000).contains(limit) else { throw RPCError.invalidParams(field: "limit", "must be between 1 and 1000") }
        let now = context.now
        var conditions: [String] = []
        var arguments: [(any DatabaseValueConvertible)?] = []
        switch p.status ?? .pending {
        case .pending: conditions.append("status IN ('open', 'assigned')")
        case .open: conditions.append("status = 'open'")
        case .assigned: conditions.append("status = 'assigned'")
        case .completed: conditions.append("status = 'completed'")
        case .overdue: conditions.append("status IN ('open', 'assigned') AND dueAt <= ?"); arguments.append(now.timeIntervalSince1970)
        case .all: break
        }
        if let id = p.practitionerId { conditions.append("practitionerId = ?"); arguments.append(id) }
        if let id = p.siteId { conditions.append("siteId = ?"); arguments.append(id) }
        if let id = p.patientId { conditions.append("patientId = ?"); arguments.append(id) }
        if let before = p.dueBefore { conditions.append("dueAt < ?"); arguments.append(before.timeIntervalSince1970) }
        arguments.append(limit)
        let values = arguments.map { $0?.databaseValue ?? .null }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        // Alerts (an undelivered SMS, a chain that reached nobody) come first, then by deadline.
        let messages = try await context.store.read { db in
            var messages = try Array(Row.fetchCursor(db, sql: """
                SELECT \(Message.columns) FROM messaging_message \(whereClause)
                ORDER BY (kind IN ('undeliveredAlert', 'exhaustedChain') AND status != 'completed') DESC, dueAt, takenAt, rowid LIMIT ?
                """, arguments: StatementArguments(values)).map { Message(row: $0, now: now) })
            try Message.fillDetails(&messages, in: db)
            return messages
        }
        return Result(messages: messages, count: messages.count, overdueCount: messages.filter(\.overdue).count, asOf: now)
    }
}
