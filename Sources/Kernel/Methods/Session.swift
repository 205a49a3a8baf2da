import Foundation
import JSONRPC
import Synchronization

/// One client connection (a TCP connection or the stdio pair) and what it has established.
///
/// A TCP session starts unauthenticated and gets its role from the token it gives to `initialize`;
/// a stdio session runs with the role given on the command line.
package final class Session: Sendable {
    package enum Transport: String, Sendable { case stdio, tcp, inProcess }

    package let id: UInt64
    package let transport: Transport
    /// Writes a line (without newline) to the client; used for pushed events.
    package let sink: @Sendable ([UInt8]) -> Void

    struct State {
        var role: Role?
        var actor: String
        /// The practices the session may act for (its token's); nil: every practice served.
        var practices: Set<String>?
        var initialized = false
        /// Lines received so far: each request is numbered as it arrives, before its task runs.
        var received: UInt64 = 0
        /// The number of the line that asked for `shutdown`: lines after it are refused, lines before
        /// it run even when their task starts after the shutdown's.
        var shutdownTicket: UInt64?
        var exitRequested = false
        var clientName: String?
        /// Tasks running a request of this session, by request id; cancelled only while registered.
        var inFlight: [JSONValue: TaskHandle] = [:]
        var cancelled: Set<JSONValue> = []
    }
    let state: Mutex<State>
    private let onExit: @Sendable () -> Void

    private static let counter = Atomic<UInt64>(0)

    package init(
        transport: Transport, role: Role?, actor: String, sink: @escaping @Sendable ([UInt8]) -> Void,
        onExit: @escaping @Sendable () -> Void = {}
    ) {
        id = Session.counter.add(1, ordering: .relaxed).newValue
        self.transport = transport
        self.sink = sink
        self.onExit = onExit
        state = Mutex(State(role: role, actor: actor))
    }

    /// The session's role, or `nil` before a TCP session has authenticated.
    package var role: Role? { state.withLock { $0.role } }
    /// Who acts: the token's name, or `stdio` for the local operator.
    package var actor: String { state.withLock { $0.actor } }

    /// The practices the session may act for; nil: every practice served.
    package var practices: Set<String>? { state.withLock { $0.practices } }

    func authenticate(role: Role, actor: String, practices: Set<String>?) {
        state.withLock {
            $0.role = role
            $0.actor = actor
            $0.practices = practices
        }
    }
    func markInitialized(client: String?) {
        state.withLock {
            $0.initialized = true
            $0.clientName = client
        }
    }
    /// Numbers a line as it arrives (transports call it in reading order).
    package func receive() -> UInt64 {
        state.withLock { s in
            s.received += 1
            return s.received
        }
    }

    /// Refuses, from now on, every request received after line `ticket` (but `exit`).
    func markShutdown(ticket: UInt64) {
        state.withLock { s in s.shutdownTicket = min(s.shutdownTicket ?? .max, ticket) }
    }

    /// Ends the session as `exit` would (used by transports on SIGTERM).
    package func requestExitFromTransport() { requestExit() }

    func requestExit() {
        let first = state.withLock { s -> Bool in
            defer { s.exitRequested = true }
            return !s.exitRequested
        }
        if first { onExit() }
    }

    /// What the dispatcher checks before each call, read under one lock.
    struct Snapshot {
        let role: Role?
        /// Set once `shutdown` was received: the line number after which requests are refused.
        let shutdownTicket: UInt64?
        let actor: String
        let practices: Set<String>?
    }
    var snapshot: Snapshot {
        state.withLock { Snapshot(role: $0.role, shutdownTicket: $0.shutdownTicket, actor: $0.actor, practices: $0.practices) }
    }

    /// Registers the current task as running request `id`. The task handle is used only while it is
    /// registered (under the lock), and `untrack` runs on the same task before it ends.
    func track(_ id: JSONValue, _ task: UnsafeCurrentTask) {
        state.withLock { s in
            s.inFlight[id] = TaskHandle(task: task)
            if s.cancelled.contains(id) { task.cancel() }
        }
    }

    func untrack(_ id: JSONValue) -> Bool {
        state.withLock { s in
            s.inFlight[id] = nil
            return s.cancelled.remove(id) != nil
        }
    }

    /// Cancels the in-flight request with this id; its reply becomes -32800.
    func cancel(_ id: JSONValue) {
        state.withLock { s in
            if let t = s.inFlight[id] {
                s.cancelled.insert(id)
                t.task.cancel()
            }
        }
    }

    /// Cancels everything still running (the connection is gone).
    package func cancelAll() {
        state.withLock { s in for t in s.inFlight.values { t.task.cancel() } }
    }
}

/// A running request's task, as the session keeps it to cancel it.
///
/// `@unchecked Sendable`: the handle is only used under the session's lock while registered, and the
/// task unregisters itself (`untrack`) before it finishes, so it is never used after its task ended.
struct TaskHandle: @unchecked Sendable {
    let task: UnsafeCurrentTask
}
