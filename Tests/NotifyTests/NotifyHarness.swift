import Foundation
import JSONRPC
import Kernel
import Notify
import PermanenceTesting

/// A test server with the Notify plugin, an in-memory (or file) store and a manual clock, plus an
/// admin client to call `notify.*` and collect pushed events.
final class NotifyHarness: Sendable {
    static let t0 = Date(timeIntervalSince1970: 1_774_800_000) // 2026-03-29T16:00:00Z

    let server: TestServer
    let plugin: NotifyPlugin
    /// The admin client, subscribed to `notify.*`.
    let admin: TestClient
    var host: KernelHost { server.host }
    var clock: ManualClock { server.clock }

    /// - Parameter yaml: a configuration holding at least a `notify` section.
    init(
        yaml: String, store: Store? = nil, start: Date = NotifyHarness.t0,
        policies: RetryPolicies = NotifyHarness.noJitter, client: any HTTPClient = CurlHTTPClient(), setup: TestServer.Setup = .inProcess
    ) async throws {
        let document = try ConfigurationDocument(yaml: yaml)
        let settings = try NotifyConfiguration(document: document)
        plugin = NotifyPlugin(settings: settings, httpClient: client, retryPolicies: policies)
        server = try await TestServer(setup: setup, configuration: document, plugins: [plugin], clock: ManualClock(start), store: store)
        admin = try await server.client(role: .admin, actor: "test")
        try await admin.call("events.subscribe", ["topics": ["notify.*"]])
    }

    /// The schedules without jitter, so that retry instants are exact.
    static let noJitter = RetryPolicies(
        urgent: RetryPolicy(retryDelays: RetryPolicy.urgent.retryDelays, random: { 0 }),
        normal: RetryPolicy(retryDelays: RetryPolicy.normal.retryDelays, random: { 0 }))

    /// Calls a method as admin (or `role`); returns the result or throws the RPC error.
    @discardableResult
    func call(_ method: String, _ params: JSONValue? = nil, role: Role = .admin) async throws -> JSONValue {
        try await (role == .admin ? admin : server.client(role: role)).call(method, params)
    }

    /// Enqueues one outbox row, as another module would inside its own transaction.
    @discardableResult
    func enqueue(_ item: Outbox.Item) async throws -> Int64 {
        let now = clock.now()
        let practiceId = host.practiceId
        return try await host.store.write { db in try Outbox.enqueue(item, practiceId: practiceId, in: db, now: now) }
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

    var events: [(topic: String, params: JSONValue)] {
        admin.notifications.all.map { ($0["method"]?.stringValue ?? "", $0["params"] ?? .null) }
    }

    func shutdown() async { await server.stop() }
}

/// `#require` for plain functions.
struct MissingValue: Error {}
func require<T>(_ value: T?) throws -> T {
    guard let value else { throw MissingValue() }
    return value
}
