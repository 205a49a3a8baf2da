import JSONRPC
import Synchronization

/// Matches the lines a server writes to a client with the requests waiting for them: a reply goes to
/// the call with its id, a notification to the client's log. When the connection ends, every call
/// still waiting fails with `TestClient.ConnectionClosed`.
final class ReplyRouter: Sendable {
    private struct State {
        var waiting: [Int: CheckedContinuation<JSONValue, any Error>] = [:]
        var closed = false
        /// The last error the server sent with a null id (what it says before closing a connection).
        var farewell: String?
    }
    private let state = Mutex(State())
    let notifications: NotificationLog

    init(notifications: NotificationLog) { self.notifications = notifications }

    /// Runs `send` once a reply to `id` is awaited; the reply (`{"result"}` or `{"error"}` object).
    func reply(to id: Int, send: @escaping @Sendable () async throws -> Void) async throws -> JSONValue {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<JSONValue, any Error>) in
            let open = state.withLock { s -> Bool in
                if s.closed { return false }
                s.waiting[id] = continuation
                return true
            }
            guard open else { return continuation.resume(throwing: TestClient.ConnectionClosed(reason: farewell)) }
            Task {
                do { try await send() } catch {
                    let waiting = self.state.withLock { $0.waiting.removeValue(forKey: id) }
                    waiting?.resume(throwing: error)
                }
            }
        }
    }

    private var farewell: String? { state.withLock { $0.farewell } }

    /// One line from the server.
    func receive(_ line: [UInt8]) {
        guard let value = try? JSONParser.parse(line) else { return }
        if value["method"] != nil && value["result"] == nil && value["error"] == nil {
            notifications.append(value)
            return
        }
        guard let id = value["id"]?.intValue else {
            if let error = value["error"] { state.withLock { $0.farewell = JSONWriter.string(error) } }
            return
        }
        let waiting = state.withLock { $0.waiting.removeValue(forKey: id) }
        waiting?.resume(returning: value)
    }

    /// The connection ended: nothing more will arrive.
    func close() {
        let (waiting, farewell) = state.withLock { s -> ([CheckedContinuation<JSONValue, any Error>], String?) in
            s.closed = true
            defer { s.waiting = [:] }
            return (Array(s.waiting.values), s.farewell)
        }
        for continuation in waiting { continuation.resume(throwing: TestClient.ConnectionClosed(reason: farewell)) }
    }
}
