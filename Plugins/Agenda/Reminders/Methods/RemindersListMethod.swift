import Foundation
import JSONRPC
import Kernel

/// `reminders.list`: the reminders and notices of appointments starting in a window, by due time:
/// what the console shows of who was reminded, who answered and how.
struct RemindersListMethod: RPCMethod {
    typealias Params = PagedParams<Filters>
    struct Filters: Decodable, Sendable {
        let from: Date
        let to: Date
    }
    static let name = "reminders.list"
    static let summary = "Reminders and notices of the appointments starting in [from, to), by due time, with their status and answer."
    static let role = Role.secretary
    static let effect = MethodEffect.sensitiveRead
    static let paramsSchema = Schema.object([required("from", .instant), required("to", .instant)] + PageCursor.paramsFields(standard: 200))
    static let resultSchema = Page<Reminder>.schema(Reminder.schema)
    let core: AgendaCore

    func handle(_ p: Params, context: RequestContext) async throws -> Page<Reminder> {
        let practiceId = context.practiceId
        try core.checkWindow(p.from, p.to)
        let limit = try p.pageSize(standard: 200)
        let after = try p.after([.real, .text])
        let rows = try await context.store.read { db in
            try ReminderStore.page(from: p.from, to: p.to, after: after, limit: limit + 1, practiceId: practiceId, in: db)
        }
        return Page(keyed: rows, limit: limit)
    }
}
