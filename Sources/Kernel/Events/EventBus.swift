package import JSONRPC
import Synchronization

/// Pushes events to the sessions that subscribed to their topic, as JSON-RPC notifications.
///
/// A subscription names exact topics (`escalation.raised`) or a namespace wildcard (`escalation.*`,
/// or `*` for all). Events are delivered after the change they describe is committed: a module
/// publishes them with its transaction (`publish(_:_:in:)`), which also writes them for the other
/// nodes of a shared database.
///
/// Every topic has an `EventAccess`: the role needed to receive it and whether it carries patient
/// data. A client session (`subscribe(_:topics:)`) is given only the topics its role may see, checked
/// again at each delivery with the session's current role; a delivered event that carries patient
/// data is audited (`EventDeliveryAudit`). In-process observers (`subscribe(session:topics:sink:)`)
/// are trusted and receive everything.
package final class EventBus: Sendable {
    package typealias Sink = @Sendable ([UInt8]) -> Void
    private struct Subscriber {
        var topics: Set<String>
        let sink: Sink
        /// The client session behind the subscription; nil for a trusted in-process observer.
        let session: Session?
    }
    private let subscribers = Mutex<[UInt64: Subscriber]>([:])
    private let rules = Mutex<[String: EventAccess]>([:])
    private let encoder: WireEncoder
    /// The practice whose events this bus carries: every notification's params name it first
    /// (`"practiceId"`), so that a console answering for several practices knows whose event it is.
    package let practiceId: String?
    private let published = Mutex<Int>(0)
    /// Where deliveries of patient data are recorded; nil: not audited (bare buses in tests).
    let audit: EventDeliveryAudit?
    /// Where an event published with a transaction goes, on that transaction, for the other nodes
    /// of a shared database (`EventLog`).
    private let appendedInTransaction = Mutex<(@Sendable (any StoreConnection, String, [UInt8]) throws -> Void)?>(nil)
    /// Told after every subscription (`EventLog` starts listening to the other nodes then).
    private let onSubscribe = Mutex<(@Sendable () -> Void)?>(nil)

    package convenience init(encoder: WireEncoder) { self.init(encoder: encoder, practiceId: nil, audit: nil) }

    init(encoder: WireEncoder, practiceId: String?, audit: EventDeliveryAudit?) {
        self.encoder = encoder
        self.practiceId = practiceId
        self.audit = audit
    }

    // MARK: - Who may receive what

    /// Declares who may receive `topic` (the host does it for every plugin's topics at install).
    package func declare(_ topic: String, _ access: EventAccess) { rules.withLock { $0[topic] = access } }

    /// The rule of `topic`: as declared, else `EventAccess.undeclared` (admin only).
    package func access(of topic: String) -> EventAccess { rules.withLock { $0[topic] } ?? .undeclared }

    /// Every declared topic with its rule.
    package var declaredTopics: [String: EventAccess] { rules.withLock { $0 } }

    /// Whether `pattern` (a topic, `ns.*` or `*`) covers `topic`.
    package static func pattern(_ pattern: String, covers topic: String) -> Bool {
        pattern == topic || pattern == "*" || (pattern.hasSuffix(".*") && namespaceWildcard(of: topic) == pattern)
    }

    /// `escalation.*` for `escalation.raised`.
    static func namespaceWildcard(of topic: String) -> String {
        topic.split(separator: ".").first.map { $0 + ".*" } ?? ""
    }

    /// A topic a session asked for and may not receive, and why.
    package struct Refusal: Sendable, Equatable, Encodable {
        /// The topic or wildcard refused.
        package let topic: String
        /// The lowest role that receives it.
        package let required: String
        package let reason: String
    }

    /// What a session with `role` may subscribe to of `patterns`: exact topics its role may see,
    /// and wildcards under which it may see at least one declared topic (an admin may subscribe to
    /// any wildcard). Topics a wildcard covers but the role may not see are listed as refused.
    package func admission(of patterns: [String], role: Role) -> (accepted: [String], refused: [Refusal]) {
        let rules = declaredTopics
        var accepted: [String] = []
        var refused: [Refusal] = []
        for pattern in patterns {
            let isWildcard = pattern == "*" || pattern.hasSuffix(".*")
            guard isWildcard else {
                let rule = rules[pattern] ?? .undeclared
                if role.satisfies(rule.role) {
                    accepted.append(pattern)
                } else {
                    refused.append(
                        Refusal(
                            topic: pattern, required: rule.role.rawValue,
                            reason: "\(pattern) requires the \(rule.role.rawValue) role"))
                }
                continue
            }
            let covered = rules.filter { Self.pattern(pattern, covers: $0.key) }.sorted { $0.key < $1.key }
            let hidden = covered.filter { !role.satisfies($0.value.role) }
            if role == .admin || hidden.count < covered.count {
                accepted.append(pattern)
                refused += hidden.map {
                    Refusal(
                        topic: $0.key, required: $0.value.role.rawValue,
                        reason: "\($0.key) requires the \($0.value.role.rawValue) role")
                }
            } else {
                let lowest = covered.map(\.value.role).min() ?? .admin
                refused.append(
                    Refusal(
                        topic: pattern, required: lowest.rawValue,
                        reason: "no topic under \(pattern) is open to the \(role.rawValue) role"))
            }
        }
        return (accepted, refused)
    }

    /// The declared topics a session with `role` subscribed to `patterns` receives.
    package func receivedTopics(_ patterns: [String], role: Role) -> [String] {
        declaredTopics.filter { topic, rule in role.satisfies(rule.role) && patterns.contains { Self.pattern($0, covers: topic) } }
            .keys.sorted()
    }

    // MARK: - Subscriptions

    /// Subscribes a trusted in-process observer (tests, internal listeners): no role check, no audit.
    package func subscribe(session: UInt64, topics: [String], sink: @escaping Sink) -> [String] {
        add(id: session, topics: topics, sink: sink, session: nil)
    }

    /// Subscribes a client session to `topics` (already admitted for its role, see `admission`);
    /// every delivery checks the session's role again. Gives the session's whole subscription.
    package func subscribe(_ session: Session, topics: [String]) -> [String] {
        add(id: session.id, topics: topics, sink: session.sink, session: session)
    }

    private func add(id: UInt64, topics: [String], sink: @escaping Sink, session: Session?) -> [String] {
        let all = subscribers.withLock { s in
            var sub = s[id] ?? Subscriber(topics: [], sink: sink, session: session)
            sub.topics.formUnion(topics)
            s[id] = sub
            return sub.topics.sorted()
        }
        onSubscribe.withLock { $0 }?()
        return all
    }

    /// Calls `body` after every subscription from now on.
    package func whenSubscribed(_ body: @escaping @Sendable () -> Void) { onSubscribe.withLock { $0 = body } }

    package func unsubscribe(session: UInt64, topics: [String]?) -> [String] {
        subscribers.withLock { s in
            guard var sub = s[session] else { return [] }
            if let topics { sub.topics.subtract(topics) } else { sub.topics = [] }
            s[session] = sub.topics.isEmpty ? nil : sub
            return sub.topics.sorted()
        }
    }

    /// Takes over the client sessions' subscriptions of `other` (the bus of a practice's previous
    /// version, after a reload); in-process observers stay with the bus they chose.
    package func adoptSubscriptions(from other: EventBus) {
        let clients = other.subscribers.withLock { $0.filter { $0.value.session != nil } }
        subscribers.withLock { s in
            for (id, sub) in clients {
                if var mine = s[id] {
                    mine.topics.formUnion(sub.topics)
                    s[id] = mine
                } else {
                    s[id] = sub
                }
            }
        }
    }

    /// Whether any session or observer is subscribed to anything.
    package var hasSubscribers: Bool { subscribers.withLock { !$0.isEmpty } }

    package func remove(session: UInt64) { _ = subscribers.withLock { $0.removeValue(forKey: session) } }

    // MARK: - Publishing

    /// Sends `payload` as the params of a notification whose method is `topic`, to this node's
    /// subscribers whose role may receive it, now. The other nodes of a shared database do not hear
    /// it: a change's events go with its transaction (`publish(_:_:in:)`).
    package func publish<T: Encodable>(_ topic: String, _ payload: T) {
        published.withLock { $0 += 1 }
        let targets = self.targets(of: topic)
        guard !targets.isEmpty, let params = try? tagged(encoder.encode(payload)) else { return }
        send(topic, params, to: targets)
    }

    /// Publishes `payload` with the transaction of `db`: this node's subscribers hear it once that
    /// transaction has committed, never if it rolls back or the savepoint it was published in is
    /// undone (`StoreConnection.afterCommit`); on a database nodes share, the event is
    /// written by the transaction itself (`relayInTransaction`), so the other nodes hear of it
    /// exactly when the change is visible, never without it, even if this node stops right after.
    package func publish<T: Encodable & Sendable>(_ topic: String, _ payload: T, in db: any StoreConnection) throws {
        guard let append = appendedInTransaction.withLock({ $0 }) else {
            db.afterCommit { [self] _ in publish(topic, payload) }
            return
        }
        guard let params = try? tagged(encoder.encode(payload)) else { return }
        try append(db, topic, params)
        db.afterCommit { [self] _ in
            published.withLock { $0 += 1 }
            send(topic, params, to: targets(of: topic))
        }
    }

    /// Pushes an event another node published (its params as encoded there) to this node's
    /// subscribers, with the same role checks and audit as a local one; it is not relayed again.
    package func deliverShared(_ topic: String, params: [UInt8]) {
        send(topic, params, to: targets(of: topic))
    }

    /// Hands every event published with a transaction, encoded, to `body` on that transaction
    /// (`EventLog.share`); what `body` throws undoes the transaction.
    package func relayInTransaction(_ body: @escaping @Sendable (any StoreConnection, String, [UInt8]) throws -> Void) {
        appendedInTransaction.withLock { $0 = body }
    }

    private func targets(of topic: String) -> [(sink: Sink, session: Session?)] {
        let namespace = Self.namespaceWildcard(of: topic)
        return subscribers.withLock { s in
            s.values.filter { $0.topics.contains(topic) || $0.topics.contains(namespace) || $0.topics.contains("*") }
                .map { ($0.sink, $0.session) }
        }
    }

    private func send(_ topic: String, _ params: [UInt8], to targets: [(sink: Sink, session: Session?)]) {
        guard !targets.isEmpty else { return }
        let rule = access(of: topic)
        let line = Response.notification(method: topic, encodedParams: params)
        var audited: [EventDeliveryAudit.Receiver] = []
        for (sink, session) in targets {
            if let session {
                let now = session.snapshot
                guard let role = now.role, role.satisfies(rule.role) else { continue }
                if rule.carriesPatientData { audited.append(.init(session: session.id, actor: now.actor, role: role)) }
            }
            sink(line)
        }
        if !audited.isEmpty { audit?.record(topic: topic, params: params, receivers: audited) }
    }

    /// An object payload with `"practiceId"` as its first member (other payloads as they are).
    private func tagged(_ params: [UInt8]) -> [UInt8] {
        guard let practiceId, params.first == UInt8(ascii: "{") else { return params }
        var out: [UInt8] = [UInt8(ascii: "{")]
        out.reserveCapacity(params.count + practiceId.utf8.count + 16)
        out.append(contentsOf: #""practiceId":"#.utf8)
        JSONWriter.writeString(practiceId, into: &out)
        if params.count > 2 { out.append(UInt8(ascii: ",")) }
        out.append(contentsOf: params.dropFirst())
        return out
    }

    /// Events published since start.
    package var publishedCount: Int { published.withLock { $0 } }
}
