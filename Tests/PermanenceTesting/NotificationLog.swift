package import JSONRPC
import Synchronization

/// The notifications a server pushed to one client, in order, with a way to await one not pushed yet.
package final class NotificationLog: Sendable {
    private struct Waiter {
        let method: String
        let index: Int
        let continuation: CheckedContinuation<JSONValue?, Never>
    }
    private struct State {
        var notifications: [JSONValue] = []
        var waiters: [Int: Waiter] = [:]
        var nextWaiter = 0
    }
    private let state = Mutex(State())

    package init() {}

    /// Every notification received (`{"jsonrpc", "method", "params"}`), oldest first.
    package var all: [JSONValue] { state.withLock { $0.notifications } }

    /// The `method` of every notification received, oldest first.
    package var methods: [String] { all.compactMap { $0["method"]?.stringValue } }

    /// The params of every notification of `method`, oldest first.
    package func params(_ method: String) -> [JSONValue] {
        all.filter { $0["method"]?.stringValue == method }.compactMap { $0["params"] }
    }

    /// Records one pushed line (lines that are not JSON are ignored).
    package func append(_ line: [UInt8]) {
        guard let value = try? JSONParser.parse(line) else { return }
        append(value)
    }

    /// Records one notification.
    package func append(_ value: JSONValue) {
        let ready = state.withLock { s -> [(CheckedContinuation<JSONValue?, Never>, JSONValue)] in
            s.notifications.append(value)
            var ready: [(CheckedContinuation<JSONValue?, Never>, JSONValue)] = []
            for (key, waiter) in s.waiters {
                if let found = Self.find(waiter.method, waiter.index, in: s.notifications) {
                    ready.append((waiter.continuation, found))
                    s.waiters[key] = nil
                }
            }
            return ready
        }
        for (continuation, value) in ready { continuation.resume(returning: value) }
    }

    /// The params of the `index`-th notification of `method` (0-based), waiting for it to be pushed.
    /// A server that never pushes it fails the wait after `limit` real seconds instead of hanging the test.
    package func wait(_ method: String, index: Int = 0, limit: Double = 20) async throws -> JSONValue {
        let key = state.withLock { s -> Int in
            s.nextWaiter += 1
            return s.nextWaiter
        }
        let found = await withTaskGroup(of: JSONValue?.self) { group in
            group.addTask {
                await withCheckedContinuation { (continuation: CheckedContinuation<JSONValue?, Never>) in
                    let existing = self.state.withLock { s -> JSONValue? in
                        if let found = Self.find(method, index, in: s.notifications) { return found }
                        s.waiters[key] = Waiter(method: method, index: index, continuation: continuation)
                        return nil
                    }
                    if let existing { continuation.resume(returning: existing) }
                }
            }
            group.addTask {
                try? await Task.sleep(for: .seconds(limit))
                let stale = self.state.withLock { $0.waiters.removeValue(forKey: key) }
                stale?.continuation.resume(returning: nil)
                return nil
            }
            let first: JSONValue? = (await group.next()).flatMap { $0 }
            group.cancelAll()
            return first
        }
        guard let found, let params = found["params"] else { throw NotPushed(method: method, index: index, limit: limit) }
        return params
    }

    /// No notification `method` number `index` arrived within `limit` seconds.
    package struct NotPushed: Error, CustomStringConvertible {
        package let method: String
        package let index: Int
        package let limit: Double
        package var description: String { "no \(method) notification #\(index) within \(limit) s" }
    }

    private static func find(_ method: String, _ index: Int, in notifications: [JSONValue]) -> JSONValue? {
        // (Not a ternary: its `nil` would be `JSONValue.null`, a notification found.)
        let matching = notifications.filter { $0["method"]?.stringValue == method }
        guard matching.count > index else { return nil }
        return matching[index]
    }
}
