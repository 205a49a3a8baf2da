import Foundation
import GRDB
import JSONRPC
import Logging
import Synchronization

/// The audit trail of events that carried patient data to client sessions.
///
/// A delivered `patients.updated` shows a secretary what `patients.get` would have, so it is
/// audited like that read. A console subscribed to busy topics receives many events, so rows are
/// summarised rather than written one per event: deliveries are tallied per session and topic,
/// and every tally is written as one `kernel_audit` row (method `events.delivered`, params
/// `{"topic", "count", "refs"}` where `refs` are the ids the payloads named: `id`, `patientId`,
/// `messageId`, `incidentId`, at most `maximumRefs` of them). A write starts as soon as a delivery
/// is tallied; what arrives while it commits goes into the next one, so under load a few
/// transactions a second hold every delivery, and nothing waits in memory longer than a commit.
/// `flush()` returns once everything tallied so far is committed (`kernel.audit` calls it first,
/// so the trail it shows is complete).
final class EventDeliveryAudit: Sendable {
    /// A session an event was delivered to.
    struct Receiver: Sendable {
        let session: UInt64
        let actor: String
        let role: Role
    }

    private struct Key: Hashable {
        let session: UInt64
        let actor: String
        let role: Role
        let topic: String
    }

    private struct Tally {
        var count = 0
        var refs: [String] = []
    }

    private struct State {
        var tallies: [Key: Tally] = [:]
        var order: [Key] = []
        var writing = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    /// Payload members whose values identify what an event is about.
    static let referenceKeys = ["id", "patientId", "messageId", "incidentId"]
    static let maximumRefs = 50

    private let store: Store
    private let clock: any WallClock
    private let logger: Logger
    private let state = Mutex(State())

    init(store: Store, clock: any WallClock, logger: Logger) {
        self.store = store
        self.clock = clock
        self.logger = logger
    }

    /// Tallies one event (`params`: its encoded payload) delivered to `receivers`.
    func record(topic: String, params: [UInt8], receivers: [Receiver]) {
        let refs = Self.references(in: params)
        let start = state.withLock { s -> Bool in
            for r in receivers {
                let key = Key(session: r.session, actor: r.actor, role: r.role, topic: topic)
                if s.tallies[key] == nil { s.order.append(key) }
                var tally = s.tallies[key] ?? Tally()
                tally.count += 1
                for ref in refs where tally.refs.count < Self.maximumRefs && !tally.refs.contains(ref) { tally.refs.append(ref) }
                s.tallies[key] = tally
            }
            if s.writing { return false }
            s.writing = true
            return true
        }
        if start { Task { await self.drain() } }
    }

    /// Returns once every delivery tallied before the call is committed.
    func flush() async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let start = state.withLock { s -> Bool? in
                if !s.writing && s.order.isEmpty { return nil }
                s.waiters.append(c)
                if s.writing { return false }
                s.writing = true
                return true
            }
            switch start {
            case nil: c.resume()
            case true?: Task { await self.drain() }
            case false?: break
            }
        }
    }

    /// Writes tallies until none is left, then wakes whoever waits in `flush`.
    private func drain() async {
        while true {
            let (batch, waiters) = state.withLock { s -> ([(Key, Tally)], [CheckedContinuation<Void, Never>]) in
                if s.order.isEmpty {
                    // Under the same lock as `record` reads it: a later delivery starts its own write.
                    s.writing = false
                    defer { s.waiters = [] }
                    return ([], s.waiters)
                }
                defer { s.order = []; s.tallies = [:] }
                return (s.order.map { ($0, s.tallies[$0]!) }, [])
            }
            if batch.isEmpty {
                for w in waiters { w.resume() }
                return
            }
            let at = clock.now()
            do {
                try await store.write { db in
                    for (key, tally) in batch {
                        var params = JSONObject()
                        params["topic"] = .string(key.topic)
                        params["count"] = .int(tally.count)
                        params["refs"] = .array(tally.refs.map(JSONValue.string))
                        try AuditLog.insert(at: at, session: key.session, actor: key.actor, role: key.role, method: "events.delivered",
                                            paramsText: JSONWriter.string(.object(params)), in: db)
                    }
                }
            } catch {
                logger.error("audit of event deliveries failed (\(batch.count) rows): \(error)")
            }
        }
    }

    /// The ids an event's payload names at its top level.
    static func references(in params: [UInt8]) -> [String] {
        guard case .object(let o)? = try? JSONParser.parse(params) else { return [] }
        return referenceKeys.compactMap { o[$0]?.stringValue }
    }
}
