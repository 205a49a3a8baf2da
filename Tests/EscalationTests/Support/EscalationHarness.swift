import Foundation
import GRDB
import JSONRPC
import Kernel
import PermanenceTesting
import Practice

@testable import Escalation

/// An instant from RFC 3339 text (test inputs are known to be valid).
func instant(_ text: String) -> Date {
    guard let d = RFC3339.parse(text) else { fatalError("bad test instant \(text)") }
    return d
}

let paris = TimeZone(identifier: "Europe/Paris")!

/// A test server with the practice and escalation plugins on an in-memory (or file) store and a
/// manual clock, plus helpers to call methods and read what was written.
final class EscalationHarness: Sendable {
    let server: TestServer
    let plugin: EscalationPlugin
    /// The admin client, subscribed to `escalation.*`.
    let admin: TestClient
    /// A session on the host for calls made without a transport (the admin client's, in-process).
    let session: Session
    var host: KernelHost { server.host }
    var clock: ManualClock { server.clock }

    init(yaml: String = ExamplePractice.yaml, at start: String, path: String? = nil, setup: TestServer.Setup = .inProcess) async throws {
        let doc = try ConfigurationDocument(yaml: yaml)
        let practice = try PracticePlugin(configuration: doc)
        plugin = try EscalationPlugin(configuration: doc, directory: practice.directory)
        server = try await TestServer(
            setup: setup, configuration: doc, plugins: [practice, plugin], clock: ManualClock(instant(start)), store: try path.map { try Store(path: $0) })
        // Incidents and triage sessions link only patients of their practice.
        try await TestPatients.insert((1...9).map { "pat-\($0)" }, into: server.host)
        admin = try await server.client(role: .admin, actor: "test-secretary")
        session =
            admin.session ?? server.dispatcher.openSession(transport: .inProcess, role: .admin, actor: "test-secretary", sink: { _ in })
        try await admin.call("events.subscribe", ["topics": ["escalation.*"]])
    }

    /// Calls a method; returns its result or throws its RPCError.
    @discardableResult
    func call(_ method: String, _ params: JSONValue = .object(JSONObject())) async throws -> JSONValue {
        try await admin.call(method, params)
    }

    /// The error a call fails with (nil when it succeeds).
    func error(_ method: String, _ params: JSONValue) async -> RPCError? {
        do {
            _ = try await call(method, params)
            return nil
        } catch let e as RPCError { return e } catch { return nil }
    }

    /// Moves the clock and fires the steps due (the background worker may fire them first; either way once).
    func advance(minutes: Double) async throws {
        clock.advance(by: minutes * 60)
        try await plugin.worker.fireDue(host: host)
    }

    /// Outbox rows, oldest first.
    func outbox(channel: String? = nil) async throws -> [OutboxRow] {
        try await host.store.read { db in
            try db.rows("SELECT destination, event, payload, urgency, channel FROM outbox WHERE (channel = ?1 OR ?1 IS NULL) ORDER BY id", [channel])
                .map { row in OutboxRow(values: Dictionary(uniqueKeysWithValues: row.columnNames.map { ($0, row[$0] as String? ?? "") })) }
        }
    }

    /// Contact-journal entries recorded by escalation.
    func contacts() async throws -> [ContactEntry] {
        let practiceId = host.practiceId
        return try await host.store.read { db in
            try ContactJournal.entries(from: .distantPast, to: .distantFuture, practiceId: practiceId, in: db).filter { $0.source == "escalation" }
        }
    }

    /// Waits until `count` events of `topic` were pushed to the admin client (at most 20 s; the
    /// test's expectations then tell what is missing).
    func waitForEvents(_ topic: String, count: Int) async { _ = try? await admin.notifications.wait(topic, index: count - 1) }

    /// Event notifications pushed to the admin client, by topic.
    func events(_ topic: String) -> [JSONValue] { admin.notifications.params(topic) }

    /// Walks a protocol with the given labels; returns the last step.
    func triage(
        _ protocolId: String, caller: String = "+33612345678", patientId: String? = "pat-1",
        answers: [String]
    ) async throws -> JSONValue {
        var params: JSONObject = ["protocolId": .string(protocolId), "caller": .string(caller)]
        if let patientId { params["patientId"] = .string(patientId) }
        var step = try await call("triage.start", .object(params))
        for a in answers {
            step = try await call("triage.answer", ["sessionId": step["sessionId"]!, "choice": .string(a)])
        }
        return step
    }

    func shutdown() async { await server.stop() }
}

/// The text columns of one outbox row.
struct OutboxRow: Sendable {
    let values: [String: String]
    subscript(_ column: String) -> String { values[column] ?? "" }
}

extension JSONValue {
    var int: Int? { if case .number(let t) = self { return Int(t) } else { return nil } }
}
