import Foundation
import JSONRPC
import Synchronization

/// The audit row a changing call owes: written in the same transaction as the call's first
/// `RequestContext.write`, so that a change and the record of who made it commit together (and
/// cost one commit); the dispatcher writes it afterwards for a call that wrote nothing that way.
final class AuditTicket: Sendable {
    let session: UInt64
    let actor: String
    let role: Role
    let method: String
    let params: String
    /// The practice the call acts for: the row is part of its trail.
    let practiceId: String
    private let recorded = Atomic<Bool>(false)

    init(session: UInt64, actor: String, role: Role, method: String, params: JSONValue?, practiceId: String) {
        self.session = session
        self.actor = actor
        self.role = role
        self.method = method
        self.params = AuditLog.text(of: params)
        self.practiceId = practiceId
    }

    var isRecorded: Bool { recorded.load(ordering: .acquiring) }
    func markRecorded() { recorded.store(true, ordering: .releasing) }

    func insert(at: Date, in db: any StoreConnection) throws {
        try KernelStore.insertAudit(at: at, session: session, actor: actor, role: role, method: method, paramsText: params, practiceId: practiceId, in: db)
    }
}
