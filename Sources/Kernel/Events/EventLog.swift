import Foundation
import Synchronization

/// The events of nodes sharing one database server: what a node publishes is appended to
/// `kernel_event`, and every other node tails that table and pushes each event to its own
/// subscribers of the practice, so that a console on node C sees a booking made on node A.
///
/// Promises:
/// - an event published with its change's transaction (`EventBus.publish(_:_:in:)`) is appended by
///   that transaction: it reaches the other nodes if and only if the change commits, even if its node
///   stops right after. The transaction sends no `NOTIFY` (the booking path sends none): once it has
///   committed, this node's loop sends one payload-free `NOTIFY permanence_event` of its own, for
///   all the events committed since its last one;
/// - every node with subscribers `LISTEN`s on a connection of its own and reads what it has not seen
///   at each hint, and every `EventLog.fallbackSeconds` in case a hint was lost (its sender died);
///   an event is never delivered twice by a node, nor back to the node that published it. A node
///   nobody subscribed to reads nothing;
/// - rows are kept `EventLog.keptSeconds` (they may carry patient data), then deleted by any node
///   (each looks every `EventLog.purgeSeconds`).
package final class EventLog: Sendable {
    /// The longest the tail waits without a notification before it looks anyway.
    package static let fallbackSeconds: Double = 5
    /// How often a node deletes the rows older than `keptSeconds`.
    static let purgeSeconds: Double = 60
    /// The channel of the wake-up hint.
    static let channel = "permanence_event"
    /// How long rows stay in `kernel_event`: long enough for a node that paused to catch up.
    package static let keptSeconds: Double = 300

    private struct State {
        var buses: [String: EventBus] = [:]
        var loop: Task<Void, Never>?
        var stopListening: (@Sendable () -> Void)?
        /// Another node notified: the tail reads at the next turn.
        var notified = true
        /// Events this node appended in committed transactions are not yet hinted to the others.
        var hintOwed = false
        /// The highest sequence number delivered here (or seen at start).
        var cursor: Int64?
        /// Sequence numbers delivered within the window below the cursor (see `tail`).
        var recent: Set<Int64> = []
        /// Nothing at or below this is delivered: the table as it was when somebody here first listened.
        var start: Int64 = 0
        /// Somebody here subscribed to an event of some practice.
        var hasListeners: Bool { buses.values.contains { $0.hasSubscribers } }
    }

    private let server: any StoreServer
    private let node: String
    private let state = Mutex(State())
    private let signal = WakeSignal()

    package init(server: any StoreServer, node: String) {
        self.server = server
        self.node = node
    }

    /// Makes `bus` the one that receives other nodes' events of its practice (the latest registered
    /// wins: a reloaded practice's new host), and relays what it publishes to the other nodes.
    package func share(_ bus: EventBus) {
        guard let practiceId = bus.practiceId else { return }
        let node = self.node
        bus.relayInTransaction { [weak self] db, topic, params in
            try Self.insert(practiceId: practiceId, topic: topic, params: params, node: node, at: Date().timeIntervalSince1970, in: db)
            let log = self
            db.afterCommit { _ in log?.owe() }
        }
        let signal = self.signal
        bus.whenSubscribed { signal.fire() }
        let start = state.withLock { s -> Bool in
            s.buses[practiceId] = bus
            return s.loop == nil
        }
        if start { begin() }
    }

    /// Asks the loop for a hint: events this node's transactions appended have committed.
    private func owe() {
        state.withLock { $0.hintOwed = true }
        signal.fire()
    }

    /// Stops appending, listening and tailing (the server closes next).
    package func stop() {
        let (loop, stopListening) = state.withLock { s -> (Task<Void, Never>?, (@Sendable () -> Void)?) in
            defer { (s.loop, s.stopListening) = (nil, nil) }
            return (s.loop, s.stopListening)
        }
        loop?.cancel()
        stopListening?()
        signal.fire()
    }

    deinit { state.withLock { $0.stopListening }?() }

    /// Opens the listening connection, once: when somebody here first subscribed (a node nobody
    /// watches keeps no connection for it).
    private func listenOnce() {
        let signal = self.signal
        let open = state.withLock { s -> Bool in
            guard s.stopListening == nil, s.loop != nil else { return false }
            s.stopListening = {}
            return true
        }
        guard open else { return }
        let stop = server.listen(channel: Self.channel) { [weak self] in
            self?.state.withLock { $0.notified = true }
            signal.fire()
        }
        let stopped = state.withLock { s -> Bool in
            guard s.loop != nil else { return true }
            s.stopListening = stop
            return false
        }
        if stopped { stop() }
    }

    private func begin() {
        let signal = self.signal
        let task = Task { [weak self] in
            let clock = SystemClock()
            var lastLook = clock.now()
            var lastPurge = clock.now()
            while !Task.isCancelled {
                guard let self else { return }
                let listening = self.state.withLock { $0.hasListeners }
                if listening { self.listenOnce() }
                let look =
                    self.state.withLock { s in
                        defer { s.notified = false }
                        return s.notified
                    } || clock.now().timeIntervalSince(lastLook) >= Self.fallbackSeconds
                do {
                    try await self.flush()
                    if look {
                        lastLook = clock.now()
                        try await self.tail()
                    }
                    if clock.now().timeIntervalSince(lastPurge) >= Self.purgeSeconds {
                        lastPurge = clock.now()
                        try await self.purge()
                    }
                } catch {
                    if Task.isCancelled { return }
                }
                await signal.wait(until: clock.now().addingTimeInterval(Self.fallbackSeconds), on: clock)
            }
        }
        state.withLock { s in
            if s.loop == nil { s.loop = task } else { task.cancel() }
        }
    }

    /// Sends the wake-up hint owed for events appended by committed transactions: no payload, a
    /// statement of its own (never theirs), one for all of them; the listeners read the table.
    private func flush() async throws {
        let owed = state.withLock { s in
            defer { s.hintOwed = false }
            return s.hintOwed
        }
        guard owed else { return }
        let server = self.server
        let hint = "SELECT pg_notify('\(Self.channel)', '')"
        try await server.runOnServerThread { try server.peekWaiting { db in try db.run(hint, [], cached: true) } }
    }

    /// Appends one event on `db`'s transaction.
    private static func insert(practiceId: String, topic: String, params: [UInt8], node: String, at: Double, in db: any StoreConnection) throws {
        try db.run(
            "INSERT INTO kernel_event(practiceId, topic, params, node, at) VALUES (?, ?, ?, ?, ?)",
            [practiceId, topic, String(decoding: params, as: UTF8.self), node, at], cached: true)
    }

    /// Deletes the rows older than `keptSeconds`.
    private func purge() async throws {
        let before = Date().timeIntervalSince1970 - Self.keptSeconds
        try await server.write { db in try db.run("DELETE FROM kernel_event WHERE at < ?", [before], cached: true) }
    }

    /// Delivers the other nodes' events appended since the last look, in sequence order.
    private func tail() async throws {
        // A transaction that took a smaller number may commit after a larger one was read: the
        // window below the cursor is read again, leaving out, in the query, what was delivered.
        let window: Int64 = 4096
        let (seen, listening, delivered) = state.withLock { s in (s.cursor, s.hasListeners, s.recent.map(String.init).joined(separator: ",")) }
        guard listening else {
            // Nobody here to push to: no read; the next subscriber starts from what comes then.
            state.withLock { $0.cursor = nil }
            return
        }
        let cursor: Int64
        if let known = seen {
            cursor = known
        } else {
            // The first look since somebody here subscribed: from the events of the last second
            // (the subscription may have been made a little before this look), not the whole table.
            let since = Date().timeIntervalSince1970 - 1
            cursor = try await server.read { db in
                try db.value(Int64.self, "SELECT COALESCE(MAX(seq), 0) FROM kernel_event WHERE at < ?", [since]) ?? 0
            }
            state.withLock { s in (s.cursor, s.start, s.recent) = (cursor, cursor, []) }
        }
        let node = self.node
        let rows = try await server.read { db in
            try db.rows(
                """
                SELECT seq, practiceId, topic, params FROM kernel_event
                WHERE seq > ? AND node <> ? AND NOT (seq = ANY(CAST(string_to_array(?, ',') AS BIGINT[]))) ORDER BY seq LIMIT 2000
                """,
                [cursor - window, node, delivered], cached: true
            ).map { (seq: $0["seq"] as Int64, practiceId: $0["practiceId"] as String, topic: $0["topic"] as String, params: $0["params"] as String) }
        }
        let (fresh, buses) = state.withLock { s -> ([(seq: Int64, practiceId: String, topic: String, params: String)], [String: EventBus]) in
            let fresh = rows.filter { $0.seq > s.start && !s.recent.contains($0.seq) }
            for r in fresh { s.recent.insert(r.seq) }
            if let top = rows.last?.seq, top > (s.cursor ?? 0) { s.cursor = top }
            let floor = (s.cursor ?? 0) - window
            s.recent = s.recent.filter { $0 > floor }
            return (fresh, s.buses)
        }
        for e in fresh { buses[e.practiceId]?.deliverShared(e.topic, params: Array(e.params.utf8)) }
    }
}
