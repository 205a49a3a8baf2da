import Foundation
import JSONRPC
import Kernel

/// `notify.inboxDone`: a secretary marks an inbox SMS as dealt with, optionally saying how.
struct NotifyInboxDoneMethod: RPCMethod {
    struct Params: Decodable, Sendable {
        let id: String
        let note: String?
    }
    static let name = "notify.inboxDone"
    static let summary = "Marks an inbox SMS as dealt with (who and when are recorded), with an optional note."
    static let role = Role.secretary
    static let effect = MethodEffect.write
    static let maximumNoteLength = 500
    static let paramsSchema = Schema.object([
        required("id", .string, "a notify.inbox id"), optional("note", .string, "what was done, at most \(maximumNoteLength) characters")
    ])
    static let resultSchema = InboxItem.schema

    func handle(_ p: Params, context: RequestContext) async throws -> InboxItem {
        let practiceId = context.practiceId
        guard let id = Int64(p.id) else { throw RPCError.notFound("inbox SMS \(p.id)", field: "id") }
        let note = p.note?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let note, note.count > Self.maximumNoteLength {
            throw RPCError.invalidParams(field: "note", "longer than \(Self.maximumNoteLength) characters")
        }
        let actor = context.actor
        let now = context.now
        enum Outcome: Sendable {
            case missing
            case already(InboxItem)
            case done(InboxItem)
        }
        let outcome = try await context.write { db -> Outcome in
            guard let item = try InboxStore.item(id, practiceId: practiceId, in: db) else { return .missing }
            guard item.status == .open else { return .already(item) }
            try InboxStore.markDone(id, by: actor, note: note?.isEmpty == true ? nil : note, now: now, practiceId: practiceId, in: db)
            return .done(try InboxStore.item(id, practiceId: practiceId, in: db) ?? item)
        }
        switch outcome {
        case .missing: throw RPCError.notFound("inbox SMS \(p.id)", field: "id")
        case .already(let item):
            throw RPCError.conflict(
                "this SMS was already marked done by \(item.doneBy ?? "someone")",
                data: ["field": "id", "reason": "already done"])
        case .done(let item): return item
        }
    }
}
