package import Foundation
import Synchronization

/// The events of nodes sharing one database server: what a node publishes is appended to
/// `kernel_event`, and every other node tails that table and pushes each event to its own
/// subscribers of the practice, so that a console on node C sees a booking made on node A.
///
/// Promises:
/// - an event published here reaches the other nodes' subscribers within a few transactions: the
///   append's transaction sends a payload-free `NOTIFY permanence_event`, every node `LISTEN`s on a
///   connection of its own and then reads what it has not seen (and looks again every
///   `EventLog.fallbackSeconds` in case a notification was lost); it is never delivered twice by a
///   node, nor back to the node that published it. A node nobody subscribed to reads nothing;
/// - nothing is written on a change's own transaction: the append follows the publication, which
///   follows the commit. An event published by a node that dies in that interval (a transaction
///   or so) reaches only that node's subscribers. Webhooks, which must arrive, go by the outbox;
/// - rows are kept `EventLog.keptSeconds` (they may carry patient data), then deleted by whichever
///   node appends.
package final class EventLog: Sendable {
    /// The longest the tail waits without a notification before it looks anyway.
    package static let fallbackSeconds: Double = 5
    /// The channel of the wake-up hint.
    static let channel = "permanence_event"
    /// How long rows stay in `kernel_event`: long enough for a node that paused to catch up.
    package static let keptSeconds: Double = 300

    private struct Queued {
        let practiceId: String
        let topic: String
        let params: [UInt8]
    }

    private struct State {
        var buses: [String: EventBus] = [:]
        var queued: [Queued] = []
        var loop: Task<Void, Never>?
        var stopListening: (@Sendable () -> Void)?
        /// Another node notified: the tail reads at the next turn.
        var notified = true
        /// The highest sequence number delivered here (or seen at start).
        var cursor: Int64?
        /// Sequence numbers delivered recently: a transaction that took a smaller number may commit
        /// after a larger one was read, so the tail re-reads a window below the cursor.
        var recent: Set<Int64> = []
        /// Nothing at or below this is delivered: the table as it was when somebody here first listened.
        var start: Int64 = 0
        var appends = 0
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
        bus.relay { [weak self] topic, params in self?.append(practiceId: practiceId, topic: topic, params: params) }
        let signal = self.signal
        bus.whenSubscribed { signal.fire() }
        let start = state.withLock { s -> Bool in
            s.buses[practiceId] = bus
            return s.loop == nil
        }
        if start { begin() }
    }

    /// Queues an event published here for the other nodes.
    func append(practiceId: String, topic: String, params: [UInt8]) {
        state.withLock { $0.queued.append(Queued(practiceId: practiceId, topic: topic, params: params)) }
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
            while !Task.isCancelled {
                guard let self else { return }
                if self.state.withLock({ $0.hasListeners }) { self.listenOnce() }
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

    /// Appends the queued events in one transaction, and now and then deletes the old rows.
    private func flush() async throws {
        let (batch, purge) = state.withLock { s -> ([Queued], Bool) in
            defer { s.queued = [] }
            if !s.queued.isEmpty { s.appends += 1 }
            return (s.queued, !s.queued.isEmpty && s.appends % 200 == 1)
        }
        guard !batch.isEmpty else { return }
        let node = self.node
        let now = Date().timeIntervalSince1970
        try await server.write { db in
            for e in batch {
                try db.run(
                    "INSERT INTO kernel_event(practiceId, topic, params, node, at) VALUES (?, ?, ?, ?, ?)",
                    [e.practiceId, e.topic, String(decoding: e.params, as: UTF8.self), node, now], cached: true)
            }
            if purge { try db.run("DELETE FROM kernel_event WHERE at < ?", [now - Self.keptSeconds], cached: true) }
            // The hint: no payload, one per transaction; the listeners read the table.
            try db.run("SELECT pg_notify('\(Self.channel)', '')", [], cached: true)
        }
    }

    /// Delivers the other nodes' events appended since the last look, in sequence order.
    private func tail() async throws {
        let window: Int64 = 256
        let (seen, listening) = state.withLock { s in (s.cursor, s.hasListeners) }
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
                "SELECT seq, practiceId, topic, params FROM kernel_event WHERE seq > ? AND node <> ? ORDER BY seq LIMIT 2000",
                [cursor - window, node], cached: true
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
