import Foundation
package import JSONRPC
import Logging

/// Answers lines of JSON-RPC for a session: parsing, batches, authentication, roles, params, audit.
///
/// Transports hand it complete lines and write back what it returns (nothing for notifications and
/// all-notification batches).
package struct Dispatcher: Sendable {
    /// The practices served; a practice-scoped call runs on its practice's host (`PracticeHosts.target`).
    package let practices: PracticeHosts
    /// The host of the service's own methods (the only one when one practice is served).
    package var host: KernelHost { practices.service }

    package init(host: KernelHost) { self.init(practices: PracticeHosts(host)) }

    package init(practices: PracticeHosts) { self.practices = practices }

    /// Opens a session on this host (counted in `kernel.status`).
    package func openSession(
        transport: Session.Transport, role: Role?, actor: String,
        sink: @escaping @Sendable ([UInt8]) -> Void, onExit: @escaping @Sendable () -> Void = {}
    ) -> Session {
        host.sessionOpened()
        return Session(transport: transport, role: role, actor: actor, sink: sink, onExit: onExit)
    }

    package func closeSession(_ session: Session) {
        session.cancelAll()
        for h in practices.hosts { h.events.remove(session: session.id) }
        host.sessionClosed()
    }

    /// The reply to one line, or `nil` when there is none to send; the line is numbered now
    /// (`Session.receive()`), for callers that send one line at a time.
    package func handle(line: [UInt8], session: Session) async -> [UInt8]? {
        await handle(Incoming.parse(line), session: session)
    }

    /// The reply to a line `answerInline` could not answer.
    package func handle(_ pending: Pending, session: Session) async -> [UInt8]? {
        await handle(pending.incoming, session: session, ticket: pending.ticket)
    }

    /// The reply to an already parsed line, or `nil` when there is none to send. `ticket` is the
    /// line's number from `Session.receive()`, taken when it arrived; without it the line is numbered now.
    package func handle(_ incoming: Incoming, session: Session, ticket: UInt64? = nil) async -> [UInt8]? {
        let ticket = ticket ?? session.receive()
        switch incoming {
        case .parseError(let reason):
            return Response.failure(id: .null, error: .parseError(reason))
        case .single(let entry):
            return await handle(entry, session: session, ticket: ticket)
        case .batch(let entries):
            let replies = await withTaskGroup(of: [UInt8]?.self) { group in
                for e in entries { group.addTask { await handle(e, session: session, ticket: ticket) } }
                var out: [[UInt8]] = []
                for await r in group { if let r { out.append(r) } }
                return out
            }
            return Response.batch(replies)
        }
    }

    /// What `answerInline` made of a line.
    package enum InlineOutcome: Sendable {
        /// Fully answered (`nil`: nothing to send).
        case answered([UInt8]?)
        /// Needs a task: pass it to `handle(_:session:)`.
        case needsTask(Pending)
    }

    /// A parsed line and its number in the session, to run in a task.
    package struct Pending: Sendable {
        package let incoming: Incoming
        package let ticket: UInt64
        package init(incoming: Incoming, ticket: UInt64) {
            self.incoming = incoming
            self.ticket = ticket
        }
    }

    /// Answers a line on the calling thread when that takes no waiting: malformed lines, refused
    /// calls and `InlineRPCMethod`s; anything else comes back parsed, to run in a task.
    /// The line is numbered here (`Session.receive()`): call it in the order lines arrive.
    package func answerInline(line: [UInt8], session: Session) -> InlineOutcome {
        let incoming = Incoming.parse(line)
        let ticket = session.receive()
        switch incoming {
        case .parseError(let reason):
            return .answered(Response.failure(id: .null, error: .parseError(reason)))
        case .batch:
            return .needsTask(Pending(incoming: incoming, ticket: ticket))
        case .single(.invalid(let id, let error)):
            return .answered(Response.failure(id: id, error: error))
        case .single(.request(let request)):
            let admitted: Admitted
            switch admit(request, session: session, ticket: ticket) {
            case .failure(let error):
                let name = host.registry.method(named: request.method) != nil ? request.method : "unknown"
                ServerMetrics.rpc(method: name, outcome: String(error.code.rawValue), duration: nil)
                return .answered(request.id.map { Response.failure(id: $0, error: error) })
            case .success(let a): admitted = a
            }
            let (method, target, params, pool) = (admitted.method, admitted.host, admitted.params, admitted.pool)
            // On a database server a read waits for the network: never on the thread that read the request.
            guard let inline = method.invokeInline, target.store.sqlite != nil else { return .needsTask(Pending(incoming: incoming, ticket: ticket)) }
            let context = RequestContext(host: target, session: session, requestID: request.id, method: method.name, practices: practices, pool: pool)
            let outcome: Result<[UInt8], RPCError>
            do {
                guard let bytes = try inline(params, context) else { return .needsTask(Pending(incoming: incoming, ticket: ticket)) }
                outcome = .success(bytes)
                // Inline methods only read: a sensitive read's audit row is written behind its reply, as in a task.
                if let audit = admitted.auditTicket(session: session) { target.audit.recordRead(audit, at: target.clock.now()) }
            } catch {
                outcome = .failure(rpcError(error, method: method))
            }
            switch outcome {
            case .success: ServerMetrics.rpc(method: method.name, outcome: "ok", duration: nil)
            case .failure(let e): ServerMetrics.rpc(method: method.name, outcome: String(e.code.rawValue), duration: nil)
            }
            guard let id = request.id else { return .answered(nil) }
            switch outcome {
            case .success(let bytes): return .answered(Response.success(id: id, encodedResult: bytes))
            case .failure(let error): return .answered(Response.failure(id: id, error: error))
            }
        }
    }

    /// A reply line for a tooLong frame.
    package static func lineTooLong(limit: Int) -> [UInt8] {
        Response.failure(
            id: .null,
            error: RPCError(
                .invalidRequest, "Invalid Request",
                data: ["reason": .string("line longer than \(limit) bytes")]))
    }

    func handle(_ entry: Incoming.Entry, session: Session, ticket: UInt64) async -> [UInt8]? {
        switch entry {
        case .invalid(let id, let error):
            return Response.failure(id: id, error: error)
        case .request(let request):
            let outcome = await call(request, session: session, ticket: ticket)
            guard let id = request.id else { return nil }
            switch outcome {
            case .success(let bytes): return Response.success(id: id, encodedResult: bytes)
            case .failure(let error): return Response.failure(id: id, error: error)
            }
        }
    }

    /// What `admit` lets run: the method, the effective role, the session's actor, the host of the
    /// practice the call acts for and the params its method decodes.
    struct Admitted {
        let method: AnyMethod
        let role: Role
        let actor: String
        let host: KernelHost
        let params: JSONValue?
        let pool: [String]

        /// The audit row this call owes once it succeeds; nil for a plain read.
        func auditTicket(session: Session) -> AuditTicket? {
            method.effect == .read
                ? nil : AuditTicket(session: session.id, actor: actor, role: role, method: method.name, params: params, practiceId: host.practiceId)
        }
    }

    /// The checks before a method runs: it exists, the session is authenticated and not shutting
    /// down (lines received after `shutdown`), its role suffices, and it may act for the practice the
    /// call is for. Admitting `shutdown` marks the session at the shutdown's own line number.
    func admit(_ request: Request, session: Session, ticket: UInt64) -> Result<Admitted, RPCError> {
        // A practice may leave a plugin out: a method exists when any practice served has it.
        guard let method = host.registry.method(named: request.method) ?? practices.hosts.lazy.compactMap({ $0.registry.method(named: request.method) }).first
        else {
            return .failure(.methodNotFound(request.method))
        }
        let snapshot = session.snapshot
        if snapshot.role == nil && !method.allowsUnauthenticated {
            return .failure(
                RPCError(
                    .notAuthenticated, "Not authenticated: call initialize with a valid token first",
                    data: ["reason": "no valid token on this connection"]))
        }
        if let after = snapshot.shutdownTicket, ticket > after, method.name != "exit" {
            return .failure(.invalidRequest("the session is shutting down"))
        }
        if method.name == "shutdown" { session.markShutdown(ticket: ticket) }
        let role = snapshot.role ?? .integration
        if snapshot.role != nil && !role.satisfies(method.role) {
            return .failure(
                RPCError(
                    .forbidden, "Forbidden: \(method.name) requires the \(method.role.rawValue) role",
                    data: ["role": .string(role.rawValue), "required": .string(method.role.rawValue)]))
        }
        switch practices.target(of: method, params: request.params, scope: snapshot.practices) {
        case .failure(let error): return .failure(error)
        case .success(let target):
            // Each practice's host has its own instances of the methods (built on its configuration).
            guard let own = target.host.registry.method(named: method.name) else {
                return .failure(
                    RPCError(
                        .methodNotFound, "Method not found: \(method.name) is not enabled for practice \(target.host.practiceId)",
                        data: ["method": .string(method.name), "practiceId": .string(target.host.practiceId)]))
            }
            return .success(Admitted(method: own, role: role, actor: snapshot.actor, host: target.host, params: target.params, pool: target.pool))
        }
    }

    /// Runs one request through every check; the result's bytes are already-encoded JSON.
    package func call(_ request: Request, session: Session, ticket: UInt64? = nil) async -> Result<[UInt8], RPCError> {
        let started = ContinuousClock.now
        let outcome = await run(request, session: session, ticket: ticket ?? session.receive())
        let name = host.registry.method(named: request.method) != nil ? request.method : "unknown"
        switch outcome {
        case .success: ServerMetrics.rpc(method: name, outcome: "ok", duration: started.duration(to: .now))
        case .failure(let e): ServerMetrics.rpc(method: name, outcome: String(e.code.rawValue), duration: started.duration(to: .now))
        }
        return outcome
    }

    private func run(_ request: Request, session: Session, ticket: UInt64) async -> Result<[UInt8], RPCError> {
        let admitted: Admitted
        switch admit(request, session: session, ticket: ticket) {
        case .failure(let error): return .failure(error)
        case .success(let a): admitted = a
        }
        let (method, host, params) = (admitted.method, admitted.host, admitted.params)
        let audit = admitted.auditTicket(session: session)
        let context = RequestContext(
            host: host, session: session, requestID: request.id, method: method.name, audit: audit, practices: practices, pool: admitted.pool)
        if let id = request.id { withUnsafeCurrentTask { if let t = $0 { session.track(id, t) } } }
        let result: Result<[UInt8], any Error>
        do { result = .success(try await method.invoke(params, context)) } catch { result = .failure(error) }
        let cancelled = request.id.map { session.untrack($0) } ?? false
        // A request cancelled too late to stop it (its change is committed) answers with its result:
        // -32800 would tell the client that nothing happened.
        if cancelled, case .failure = result { return .failure(.cancelled) }
        switch result {
        case .success(let bytes):
            if let audit, !audit.isRecorded {
                let at = host.clock.now()
                // A read's row need not hold up its reply: written behind it, within a commit or two
                // (`kernel.audit` and shutdown wait for it). A change's row is never written behind.
                if method.effect == .sensitiveRead {
                    host.audit.recordRead(audit, at: at)
                    return .success(bytes)
                }
                do {
                    try await host.store.write { db in try audit.insert(at: at, in: db) }
                } catch {
                    host.logger.error("audit write failed for \(method.name): \(error)")
                }
            }
            return .success(bytes)
        case .failure(let error):
            return .failure(rpcError(error, method: method))
        }
    }

    /// The JSON-RPC error a method's failure becomes.
    ///
    /// An internal error (anything that is not an `RPCError` of the protocol, or an `RPCError`
    /// with code -32603) never shows its details to the client: they go to the error log under an
    /// incident id (`err_…`), and the reply carries only that id, for an operator to find the line.
    /// A change the database refused because another one committed first (a unique key taken, an
    /// overlap its exclusion constraint forbids: 23505, 23P01) is -32009, as the module's own check
    /// would have answered had it seen that change.
    func rpcError(_ error: any Error, method: AnyMethod) -> RPCError {
        switch error {
        case let error as RPCError where error.code != .internalError: return error
        case let error as DecodingError: return FieldPath.invalidParams(error)
        case is CancellationError: return .cancelled
        case _ where [.uniqueViolation, .exclusionViolation].contains(StoreFailure(error)):
            return .conflict("changed meanwhile by another request: read it again", data: ["reason": "concurrent change"])
        default: return incident(error, method: method.name)
        }
    }

    /// Logs `error` under a new incident id; the -32603 reply that names only that id.
    func incident(_ error: any Error, method: String) -> RPCError {
        let id = Self.newIncidentID()
        var details = String(describing: error)
        if details.utf8.count > Self.maximumLoggedDetail {
            details = String(details.prefix(Self.maximumLoggedDetail)) + "… (\(details.utf8.count) bytes)"
        }
        host.logger.error("incident \(id): \(method) failed: \(details)")
        return RPCError(
            .internalError, "Internal error", data: ["incident": .string(id), "reason": "an internal error occurred; the server log names this incident"])
    }

    /// At most this much of an internal error's description goes to the log.
    static let maximumLoggedDetail = 2000

    /// `err_` and 16 random hexadecimal digits.
    static func newIncidentID() -> String {
        var g = SystemRandomNumberGenerator()
        let n = g.next() as UInt64
        let hex = String(n, radix: 16)
        return "err_" + String(repeating: "0", count: 16 - hex.count) + hex
    }
}
