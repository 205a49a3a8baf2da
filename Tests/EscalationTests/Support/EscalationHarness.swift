import Foundation
import GRDB
import JSONRPC
import Kernel
import Practice
import Synchronization

@testable import Escalation

/// An instant from RFC 3339 text (test inputs are known to be valid).
func instant(_ text: String) -> Date {
    guard let d = RFC3339.parse(text) else { fatalError("bad test instant \(text)") }
    return d
}

let paris = TimeZone(identifier: "Europe/Paris")!

/// A kernel host with the practice and escalation plugins on an in-memory (or file) store and a
/// manual clock, plus helpers to call methods and read what was written.
final class EscalationHarness: Sendable {
    let host: KernelHost
    let clock: ManualClock
    let plugin: EscalationPlugin
    let dispatcher: Dispatcher
    let session: Session
    private let received = Received()

    init(yaml: String = ExamplePractice.yaml, at start: String, path: String? = nil) async throws {
        let doc = try ConfigurationDocument(yaml: yaml)
        let practice = try PracticePlugin(configuration: doc)
        plugin = try EscalationPlugin(configuration: doc, directory: practice.directory)
        clock = ManualClock(instant(start))
        host = try KernelHost(store: try path.map { try Store(path: $0) } ?? Store(), clock: clock, configuration: doc)
        try await host.install([practice, plugin])
        dispatcher = Dispatcher(host: host)
        let received = self.received
        session = dispatcher.openSession(
            transport: .inProcess, role: .admin, actor: "test-secretary",
            sink: { bytes in
                if let v = try? JSONParser.parse(bytes) { received.append(v) }
            })
        _ = try await call("events.subscribe", ["topics": ["escalation.*"]])
    }

    /// Calls a method; returns its result or throws its RPCError.
    @discardableResult
    func call(_ method: String, _ params: JSONValue = .object(JSONObject())) async throws -> JSONValue {
        switch await dispatcher.call(Request(method: method, params: params, id: 1), session: session) {
        case .success(let bytes): return try JSONParser.parse(bytes)
        case .failure(let error): throw error
        }
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
            try Row.fetchAll(
                db, sql: "SELECT destination, event, payload, urgency, channel FROM outbox WHERE (?1 IS NULL OR channel = ?1) ORDER BY id",
                arguments: [channel]
            )
            .map { row in OutboxRow(values: Dictionary(uniqueKeysWithValues: row.columnNames.map { ($0, row[$0] as String? ?? "") })) }
        }
    }

    /// Contact-journal entries recorded by escalation.
    func contacts() async throws -> [ContactEntry] {
        try await host.store.read { db in
            try ContactJournal.entries(from: .distantPast, to: .distantFuture, in: db).filter { $0.source == "escalation" }
        }
    }

    /// Waits until `count` events of `topic` were pushed to this session.
    func waitForEvents(_ topic: String, count: Int) async { await received.wait(for: topic, count: count) }

    /// Event notifications pushed to this session, by topic.
    func events(_ topic: String) -> [JSONValue] {
        received.values.withLock { $0.filter { $0["method"]?.stringValue == topic }.compactMap { $0["params"] } }
    }

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

    func shutdown() async { await host.shutdown() }
}

/// Event notifications received by the harness's session.
final class Received: Sendable {
    let values = Mutex<[JSONValue]>([])
    private let waiters = Mutex<[(topic: String, count: Int, continuation: CheckedContinuation<Void, Never>)]>([])

    func append(_ value: JSONValue) {
        values.withLock { $0.append(value) }
        let ready = waiters.withLock { w -> [CheckedContinuation<Void, Never>] in
            let done = w.filter { self.count($0.topic) >= $0.count }
            w.removeAll { self.count($0.topic) >= $0.count }
            return done.map(\.continuation)
        }
        for c in ready { c.resume() }
    }

    func count(_ topic: String) -> Int { values.withLock { $0.filter { $0["method"]?.stringValue == topic }.count } }

    /// Returns once `count` events of `topic` have been pushed (no polling, no clock).
    func wait(for topic: String, count: Int) async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let now = waiters.withLock { w -> Bool in
                if self.count(topic) >= count { return true }
                w.append((topic, count, c))
                return false
            }
            if now { c.resume() }
        }
    }
}

/// The text columns of one outbox row.
struct OutboxRow: Sendable {
    let values: [String: String]
    subscript(_ column: String) -> String { values[column] ?? "" }
}

extension JSONValue {
    var int: Int? { if case .number(let t) = self { return Int(t) } else { return nil } }
}
