package import Foundation
package import GRDB
package import JSONRPC

/// What a method sees of the call: the host, the session and the caller's role.
package struct RequestContext: Sendable {
    package let host: KernelHost
    package let session: Session
    package let requestID: JSONValue?
    package let method: String
    /// The audit row this call owes, when it changes something.
    let audit: AuditTicket?
    /// Every practice the server answers for (`host` is the one this call acts for).
    package let practices: PracticeHosts
    /// The practices the call's figures cover: for a pool-scoped method (`MethodScope.pool`) those it
    /// named or every practice the session may act for, `host`'s first; otherwise `host`'s alone.
    package let pool: [String]

    package var encoder: WireEncoder { host.encoder }
    package var clock: any WallClock { host.clock }
    package var now: Date { host.clock.now() }
    package var store: Store { host.store }
    /// The practice the request acts for: rows it writes carry it, queries it makes are limited to it.
    package var practiceId: String { host.practiceId }
    package var role: Role { session.role ?? .integration }
    /// Who acts, for journals and audit: the token's name or `stdio`.
    package var actor: String { session.actor }

    package init(host: KernelHost, session: Session, requestID: JSONValue?, method: String) {
        self.init(host: host, session: session, requestID: requestID, method: method, audit: nil, practices: PracticeHosts(host))
    }

    init(
        host: KernelHost, session: Session, requestID: JSONValue?, method: String, audit: AuditTicket? = nil, practices: PracticeHosts,
        pool: [String]? = nil
    ) {
        self.host = host
        self.session = session
        self.requestID = requestID
        self.method = method
        self.audit = audit
        self.practices = practices
        self.pool = pool.flatMap { $0.isEmpty ? nil : $0 } ?? [host.practiceId]
    }

    /// The hosts of the practices this session may act for, in order.
    package var visiblePractices: [KernelHost] { practices.hosts(in: session.practices) }

    /// Runs `body` in a write transaction (`Store.write`); for a changing method, the call's audit
    /// row goes in the same transaction the first time, so the change and its record commit together.
    package func write<T: Sendable>(_ body: @escaping @Sendable (any StoreConnection) throws -> T) async throws -> T {
        guard let audit, !audit.isRecorded else { return try await store.write(body) }
        let at = now
        let value = try await store.write { db in
            let value = try body(db)
            try audit.insert(at: at, in: db)
            return value
        }
        audit.markRecorded()
        return value
    }

    /// Publishes an event with the transaction of `db` (`EventBus.publish(_:_:in:)`): delivered once
    /// it commits, and written by it for the other nodes of a shared database.
    package func publish<T: Encodable & Sendable>(_ topic: String, _ payload: T, in db: any StoreConnection) throws {
        try host.events.publish(topic, payload, in: db)
    }

    /// Throws -32002 unless the caller's role is at least `required` (for rules finer than the method's role).
    package func require(_ required: Role, for what: String) throws {
        guard role.satisfies(required) else {
            throw RPCError(
                .forbidden, "Forbidden: \(what) requires the \(required.rawValue) role",
                data: ["reason": .string("\(what) requires \(required.rawValue)"), "role": .string(role.rawValue)])
        }
    }
}
