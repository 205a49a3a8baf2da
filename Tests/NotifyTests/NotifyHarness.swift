import Foundation
import JSONRPC
import Kernel
import Notify
import Synchronization

/// A kernel host with the Notify plugin, an in-memory (or file) store and a manual clock, plus a
/// session to call `notify.*` through the dispatcher and collect pushed events.
final class NotifyHarness: Sendable {
    static let t0 = Date(timeIntervalSince1970: 1_774_800_000) // 2026-03-29T16:00:00Z

    let host: KernelHost
    let clock: ManualClock
    let plugin: NotifyPlugin
    let dispatcher: Dispatcher
    let session: Session
    private let pushed = EventLog()

    /// - Parameter yaml: a configuration holding at least a `notify` section.
    init(
        yaml: String, store: Store? = nil, start: Date = NotifyHarness.t0,
        policies: RetryPolicies = NotifyHarness.noJitter, client: any HTTPClient = CurlHTTPClient()
    ) async throws {
        let document = try ConfigurationDocument(yaml: yaml)
        clock = ManualClock(start)
        let settings = try NotifyConfiguration(document: document)
        plugin = NotifyPlugin(settings: settings, httpClient: client, retryPolicies: policies)
        host = try KernelHost(store: try store ?? Store(), clock: clock, configuration: document)
        try await host.install([plugin])
        dispatcher = Dispatcher(host: host)
        let pushed = self.pushed
        session = dispatcher.openSession(
            transport: .inProcess, role: .admin, actor: "test",
            sink: { bytes in
                guard let v = try? JSONParser.parse(bytes), let method = v["method"]?.stringValue else { return }
                pushed.append(method, v["params"] ?? .null)
            })
        _ = try await call("events.subscribe", ["topics": ["notify.*"]])
    }

    /// The schedules without jitter, so that retry instants are exact.
    static let noJitter = RetryPolicies(
        urgent: RetryPolicy(retryDelays: RetryPolicy.urgent.retryDelays, random: { 0 }),
        normal: RetryPolicy(retryDelays: RetryPolicy.normal.retryDelays, random: { 0 }))

    /// Calls a method as admin; returns the result or throws the RPC error.
    @discardableResult
    func call(_ method: String, _ params: JSONValue? = nil, role: Role = .admin) async throws -> JSONValue {
        let s = role == .admin ? session : dispatcher.openSession(transport: .inProcess, role: role, actor: "test-\(role)", sink: { _ in })
        switch await dispatcher.call(Request(method: method, params: params, id: 1), session: s) {
        case .success(let bytes): return try JSONParser.parse(bytes)
        case .failure(let error): throw error
        }
    }

    /// Enqueues one outbox row, as another module would inside its own transaction.
    @discardableResult
    func enqueue(_ item: Outbox.Item) async throws -> Int64 {
        let now = clock.now()
        return try await host.store.write { db in try Outbox.enqueue(item, in: db, now: now) }
    }

    static func webhook(
        to endpoint: String, event: String = "escalation.raised", urgency: Outbox.Urgency = .urgent,
        payload: String = #"{"type":"escalation.raised","data":{"incidentId":"inc_1","code":"4821"}}"#
    ) -> Outbox.Item {
        Outbox.Item(channel: "webhook", destination: endpoint, event: event, payload: payload, urgency: urgency, reference: "inc_1")
    }

    /// Lets the worker attempt everything due at the clock's current time.
    func settle() async throws {
        let worker = try require(plugin.worker)
        await worker.settle()
    }

    /// Advances the clock to the row's next attempt, until it leaves `pending` (at most `limit` times).
    func runUntilSettled(_ id: Int64, limit: Int = 20) async throws -> JSONValue {
        try await settle()
        for _ in 0..<limit {
            let m = try await call("notify.get", ["id": .string(String(id))])["message"]!
            guard m["status"]?.stringValue == "pending", let next = m["nextAttemptAt"]?.stringValue.flatMap(RFC3339.parse) else { return m }
            clock.set(next)
            try await settle()
        }
        return try await call("notify.get", ["id": .string(String(id))])["message"]!
    }

    func attempts(_ id: Int64) async throws -> [JSONValue] {
        try await call("notify.get", ["id": .string(String(id))])["attempts"]?.arrayValue ?? []
    }

    var events: [(topic: String, params: JSONValue)] { pushed.all }

    func shutdown() async { await host.shutdown() }
}

/// `#require` for plain functions.
struct MissingValue: Error {}
func require<T>(_ value: T?) throws -> T {
    guard let value else { throw MissingValue() }
    return value
}

/// Events pushed to the harness's session.
final class EventLog: Sendable {
    private let items = Mutex<[(topic: String, params: JSONValue)]>([])
    func append(_ topic: String, _ params: JSONValue) { items.withLock { $0.append((topic, params)) } }
    var all: [(topic: String, params: JSONValue)] { items.withLock { $0 } }
}
