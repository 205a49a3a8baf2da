import JSONRPC
import Synchronization

/// Pushes events to the sessions that subscribed to their topic, as JSON-RPC notifications.
///
/// A subscription names exact topics (`escalation.raised`) or a namespace wildcard (`escalation.*`).
/// Events are published after the change they describe is committed.
public final class EventBus: Sendable {
    public typealias Sink = @Sendable ([UInt8]) -> Void
    private struct Subscriber { var topics: Set<String>; let sink: Sink }
    private let subscribers = Mutex<[UInt64: Subscriber]>([:])
    private let encoder: WireEncoder
    private let published = Mutex<Int>(0)

    public init(encoder: WireEncoder) { self.encoder = encoder }

    public func subscribe(session: UInt64, topics: [String], sink: @escaping Sink) -> [String] {
        subscribers.withLock { s in
            var sub = s[session] ?? Subscriber(topics: [], sink: sink)
            sub.topics.formUnion(topics)
            s[session] = sub
            return sub.topics.sorted()
        }
    }

    public func unsubscribe(session: UInt64, topics: [String]?) -> [String] {
        subscribers.withLock { s in
            guard var sub = s[session] else { return [] }
            if let topics { sub.topics.subtract(topics) } else { sub.topics = [] }
            s[session] = sub.topics.isEmpty ? nil : sub
            return sub.topics.sorted()
        }
    }

    public func remove(session: UInt64) { _ = subscribers.withLock { $0.removeValue(forKey: session) } }

    /// Sends `payload` as the params of a notification whose method is `topic`.
    public func publish<T: Encodable>(_ topic: String, _ payload: T) {
        published.withLock { $0 += 1 }
        let namespace = topic.split(separator: ".").first.map { $0 + ".*" } ?? ""
        let sinks = subscribers.withLock { s in
            s.values.filter { $0.topics.contains(topic) || $0.topics.contains(namespace) || $0.topics.contains("*") }.map(\.sink)
        }
        guard !sinks.isEmpty, let params = try? encoder.encode(payload) else { return }
        let line = Response.notification(method: topic, encodedParams: params)
        for sink in sinks { sink(line) }
    }

    /// Events published since start.
    public var publishedCount: Int { published.withLock { $0 } }
}
