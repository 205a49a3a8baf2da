import Foundation
import JSONRPC

/// Answers lines of JSON-RPC for a session: parsing, batches, authentication, roles, params, audit.
///
/// Transports hand it complete lines and write back what it returns (nothing for notifications and
/// all-notification batches).
public struct Dispatcher: Sendable {
    public let host: KernelHost

    public init(host: KernelHost) { self.host = host }

    /// Opens a session on this host (counted in `kernel.status`).
    public func openSession(transport: Session.Transport, role: Role?, actor: String,
                            sink: @escaping @Sendable ([UInt8]) -> Void, onExit: @escaping @Sendable () -> Void = {}) -> Session {
        host.sessionOpened()
        return Session(transport: transport, role: role, actor: actor, sink: sink, onExit: onExit)
    }

    public func closeSession(_ session: Session) {
        session.cancelAll()
        host.events.remove(session: session.id)
        host.sessionClosed()
    }

    /// The reply to one line, or `nil` when there is none to send.
    public func handle(line: [UInt8], session: Session) async -> [UInt8]? {
        switch Incoming.parse(line) {
        case .parseError(let reason):
            return Response.failure(id: .null, error: .parseError(reason))
        case .single(let entry):
            return await handle(entry, session: session)
        case .batch(let entries):
            let replies = await withTaskGroup(of: [UInt8]?.self) { group in
                for e in entries { group.addTask { await handle(e, session: session) } }
                var out: [[UInt8]] = []
                for await r in group { if let r { out.append(r) } }
                return out
            }
            return Response.batch(replies)
        }
    }

    /// A reply line for a tooLong frame.
    public static func lineTooLong(limit: Int) -> [UInt8] {
        Response.failure(id: .null, error: RPCError(.invalidRequest, "Invalid Request",
                                                    data: ["reason": .string("line longer than \(limit) bytes")]))
    }

    func handle(_ entry: Incoming.Entry, session: Session) async -> [UInt8]? {
        switch entry {
        case .invalid(let id, let error):
            return Response.failure(id: id, error: error)
        case .request(let request):
            let outcome = await call(request, session: session)
            guard let id = request.id else { return nil }
            switch outcome {
            case .success(let bytes): return Response.success(id: id, encodedResult: bytes)
            case .failure(let error): return Response.failure(id: id, error: error)
            }
        }
    }

    /// Runs one request through every check; the result's bytes are already-encoded JSON.
    public func call(_ request: Request, session: Session) async -> Result<[UInt8], RPCError> {
        guard let method = host.registry.method(named: request.method) else {
            return .failure(.methodNotFound(request.method))
        }
        let snapshot = session.snapshot
        if snapshot.role == nil && !method.allowsUnauthenticated {
            return .failure(RPCError(.notAuthenticated, "Not authenticated: call initialize with a valid token first",
                                     data: ["reason": "no valid token on this connection"]))
        }
        if snapshot.shuttingDown && method.name != "exit" {
            return .failure(.invalidRequest("the session is shutting down"))
        }
        let role = snapshot.role ?? .integration
        if snapshot.role != nil && !role.satisfies(method.role) {
            return .failure(RPCError(.forbidden, "Forbidden: \(method.name) requires the \(method.role.rawValue) role",
                                     data: ["role": .string(role.rawValue), "required": .string(method.role.rawValue)]))
        }
        let context = RequestContext(host: host, session: session, requestID: request.id, method: method.name)
        let params = request.params
        if let id = request.id { withUnsafeCurrentTask { if let t = $0 { session.track(id, t) } } }
        let result: Result<[UInt8], any Error>
        do { result = .success(try await method.invoke(params, context)) } catch { result = .failure(error) }
        let cancelled = request.id.map { session.untrack($0) } ?? false
        if cancelled { return .failure(.cancelled) }
        switch result {
        case .success(let bytes):
            if method.effect != .read {
                do {
                    try await host.audit.record(at: host.clock.now(), session: session.id, actor: snapshot.actor, role: role,
                                                method: method.name, params: params)
                } catch {
                    host.logger.error("audit write failed for \(method.name): \(error)")
                }
            }
            return .success(bytes)
        case .failure(let error as RPCError):
            return .failure(error)
        case .failure(let error as DecodingError):
            return .failure(FieldPath.invalidParams(error))
        case .failure(is CancellationError):
            return .failure(.cancelled)
        case .failure(let error):
            host.logger.error("\(method.name) failed: \(error)")
            return .failure(.internalError(String(describing: error)))
        }
    }
}
