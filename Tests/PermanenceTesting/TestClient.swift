package import JSONRPC
package import Kernel
import NIOCore
import Synchronization

/// One client of a `TestServer`, with the same API whatever the setup: `call` answers a method's
/// result or throws its JSON-RPC error (`RPCError`: code, message, data); `notifications` holds what
/// the server pushed to this client (after `events.subscribe`).
///
/// In-process, calls go through the dispatcher on a session of the client's role; over TCP and
/// stdio, they are lines written to the real transport, and replies are matched by id.
package final class TestClient: Sendable {
    /// How the client reaches the server.
    enum Connection: Sendable {
        case inProcess(Dispatcher, Session)
        /// A socket or a pipe pair; `finish` runs once the channel is closed (the stdio transport's end).
        case lines(any Channel, ReplyRouter, finish: @Sendable () async -> Void)
    }

    /// The connection ended before the reply arrived.
    package struct ConnectionClosed: Error, CustomStringConvertible {
        /// The error line the server sent before closing, if any.
        package var reason: String?
        package var description: String { "the connection to the test server closed before the reply" + (reason.map { ": " + $0 } ?? "") }
    }

    package let role: Role
    /// The actor the server records for this client's changes.
    package let actor: String
    package let notifications: NotificationLog
    private let connection: Connection
    private let nextID = Atomic<Int>(1)
    private let closed = Atomic<Bool>(false)

    init(role: Role, actor: String, notifications: NotificationLog, connection: Connection) {
        self.role = role
        self.actor = actor
        self.notifications = notifications
        self.connection = connection
    }

    /// The session in-process (nil over a transport, where the server owns it).
    package var session: Session? {
        if case .inProcess(_, let session) = connection { return session }
        return nil
    }

    /// Calls `method`; its result, or its error thrown as an `RPCError`.
    @discardableResult
    package func call(_ method: String, _ params: JSONValue? = nil) async throws -> JSONValue {
        let id = nextID.add(1, ordering: .relaxed).oldValue
        switch connection {
        case .inProcess(let dispatcher, let session):
            switch await dispatcher.call(Request(method: method, params: params, id: .int(id)), session: session) {
            case .success(let bytes): return try JSONParser.parse(bytes)
            case .failure(let error): throw error
            }
        case .lines(let channel, let router, _):
            let line = JSONWriter.bytes(Request(method: method, params: params, id: .int(id)).jsonValue) + [0x0A]
            let reply = try await router.reply(to: id) {
                try await channel.writeAndFlush(ByteBuffer(bytes: line)).get()
            }
            if let error = reply["error"] {
                throw RPCError(
                    ErrorCode(rawValue: error["code"]?.intValue ?? 0), error["message"]?.stringValue ?? "", data: error["data"])
            }
            return reply["result"] ?? .null
        }
    }

    /// Sends a notification (no reply).
    package func notify(_ method: String, _ params: JSONValue? = nil) async throws {
        switch connection {
        case .inProcess(let dispatcher, let session):
            _ = await dispatcher.handle(line: JSONWriter.bytes(Request(method: method, params: params).jsonValue), session: session)
        case .lines(let channel, _, _):
            let line = JSONWriter.bytes(Request(method: method, params: params).jsonValue) + [0x0A]
            try await channel.writeAndFlush(ByteBuffer(bytes: line)).get()
        }
    }

    /// Ends the session (closes the connection and waits for the server side to finish); idempotent.
    package func close() async {
        guard !closed.exchange(true, ordering: .relaxed) else { return }
        switch connection {
        case .inProcess(let dispatcher, let session):
            dispatcher.closeSession(session)
        case .lines(let channel, _, let finish):
            try? await channel.close()
            await finish()
        }
    }
}
