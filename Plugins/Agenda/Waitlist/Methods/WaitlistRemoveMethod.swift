import Foundation
import JSONRPC
import Kernel

/// `waitlist.remove`: takes a patient off the waiting list (they found a slot, or no longer wait).
struct WaitlistRemoveMethod: OneKeyMethod {
    static let keyParam = required("entryId", .string)
    static let name = "waitlist.remove"
    static let summary = "Takes an entry off the waiting list; -32009 when it is no longer waiting."
    static let role = Role.secretary
    static let effect = MethodEffect.write
    static let resultSchema = WaitlistEntry.schema

    func handle(_ p: Params, context: RequestContext) async throws -> WaitlistEntry {
        let practiceId = context.practiceId
        return try await context.write { db in
            guard let entry = try WaitlistStore.entry(id: p.key, practiceId: practiceId, in: db) else {
                throw RPCError.notFound("waiting-list entry \"\(p.key)\"", field: "entryId")
            }
            guard entry.status == .waiting else { throw RPCError.conflict("the entry is \(entry.status.rawValue)", data: ["field": "entryId"]) }
            try WaitlistStore.setStatus(entryId: entry.id, .removed, practiceId: practiceId, in: db)
            return try WaitlistStore.entry(id: entry.id, practiceId: practiceId, in: db)!
        }
    }
}
