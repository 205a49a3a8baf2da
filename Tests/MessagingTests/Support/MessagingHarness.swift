import Foundation
import GRDB
import JSONRPC
import Kernel
import Practice
import Synchronization
import Testing

@testable import Messaging

/// A kernel host with the practice and messaging plugins on an in-memory store and a manual clock,
/// with helpers to call methods, read the outbox and collect events.
final class MessagingHarness: Sendable {
    let host: KernelHost
    let clock: ManualClock
    let dispatcher: Dispatcher
    let plugin: MessagingPlugin
    let events = EventRecorder()

    /// The patient ids the tests use, registered as the Practice module stores them
    /// (Messaging refuses a message for an unknown patient).
    static let patientIDs = ["a", "b", "c", "p", "other", "pat-dupont", "pat-leroy", "pat-moreau", "pat-petit"]

    static func seedPatients(_ host: KernelHost) async throws {
        try await host.store.write { db in
            for (i, id) in patientIDs.enumerated() {
                try db.execute(
                    sql: """
                        INSERT INTO practice_patient(id, lastName, firstName, birthDate, phone, duplicateKey, searchText, version, createdAt, updatedAt)
                        VALUES (?, ?, 'Test', '1980-01-01', ?, ?, ?, 1, 0, 0)
                        """, arguments: [id, "Patient\(i)", "+3361111\(String(format: "%04d", i))", "patient\(i)|test|1980-01-01", "patient\(i) test"])
            }
        }
    }

    init(
        yaml: String = ExamplePractice.yaml, now: String = "2026-04-07T10:00:00+02:00",
        policy: (any RepeatCallerPolicy)? = nil
    ) async throws {
        let doc = try ConfigurationDocument(yaml: yaml)
        clock = ManualClock(instant(now))
        host = try KernelHost(store: try Store(), clock: clock, configuration: doc)
        let practice = try PracticePlugin(configuration: doc)
        plugin = try MessagingPlugin(configuration: doc, directory: practice.directory)
        try await host.install([practice, plugin])
        try await Self.seedPatients(host)
        if let policy { host.services.register((any RepeatCallerPolicy).self, policy) }
        dispatcher = Dispatcher(host: host)
        let recorder = events
        _ = host.events.subscribe(session: 777_777, topics: ["messaging.*"]) { bytes in recorder.append(bytes) }
    }

    func shutdown() async { await host.shutdown() }

    func session(role: Role = .secretary, actor: String = "secretaire-1") -> Session {
        dispatcher.openSession(transport: .inProcess, role: role, actor: actor, sink: { _ in })
    }

    func call(_ method: String, _ params: JSONValue, role: Role = .secretary) async -> Result<JSONValue, RPCError> {
        let session = self.session(role: role)
        defer { dispatcher.closeSession(session) }
        switch await dispatcher.call(Request(method: method, params: params, id: 1), session: session) {
        case .success(let bytes): return .success(try! JSONParser.parse(bytes))
        case .failure(let e): return .failure(e)
        }
    }

    /// The result, or a recorded test failure.
    func ok(
        _ method: String, _ params: JSONValue, role: Role = .secretary,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> JSONValue {
        switch await call(method, params, role: role) {
        case .success(let v): return v
        case .failure(let e):
            Issue.record("\(method) failed: \(e)", sourceLocation: sourceLocation)
            throw e
        }
    }

    func error(_ method: String, _ params: JSONValue, role: Role = .secretary) async -> RPCError? {
        if case .failure(let e) = await call(method, params, role: role) { return e }
        return nil
    }

    /// Outbox rows, oldest first.
    func outbox() async throws -> [OutboxRow] {
        try await host.store.read { db in
            try Row.fetchAll(db, sql: "SELECT channel, destination, event, payload, urgency, reference FROM outbox ORDER BY id").map {
                OutboxRow(
                    channel: $0["channel"], destination: $0["destination"], event: $0["event"], payload: $0["payload"],
                    urgency: $0["urgency"], reference: $0["reference"])
            }
        }
    }

    func contacts(reference: String) async throws -> [ContactEntry] {
        try await host.store.read { db in
            try ContactJournal.entries(from: .distantPast, to: .distantFuture, in: db).filter { $0.reference == reference }
        }
    }

    /// Takes a message with sensible defaults.
    func take(
        urgency: String = "normal", callback: String = "06 12 34 56 78", patientId: String? = "pat-dupont",
        practitionerId: String? = nil, siteId: String? = nil, category: String = "appointment",
        text: String = "Souhaite être rappelée pour déplacer son rendez-vous."
    ) async throws -> JSONValue {
        var params: JSONObject = [
            "category": .string(category), "text": .string(text), "callbackNumber": .string(callback),
            "urgency": .string(urgency)
        ]
        if let patientId { params["patientId"] = .string(patientId) } else { params["caller"] = ["name": "Mme Durand"] }
        if let practitionerId { params["practitionerId"] = .string(practitionerId) }
        if let siteId { params["siteId"] = .string(siteId) }
        return try await ok("messaging.take", .object(params))
    }
}

struct OutboxRow: Sendable {
    var channel: String
    var destination: String
    var event: String
    var payload: String
    var urgency: String
    var reference: String?
}

/// Events pushed to the harness's subscription, with a way to await the next one of a topic.
final class EventRecorder: Sendable {
    private struct State {
        var events: [JSONValue] = []
        var waiters: [(topic: String, index: Int, continuation: CheckedContinuation<JSONValue, Never>)] = []
    }
    private let state = Mutex(State())

    func append(_ bytes: [UInt8]) {
        guard let value = try? JSONParser.parse(bytes) else { return }
        let ready = state.withLock { s -> [(CheckedContinuation<JSONValue, Never>, JSONValue)] in
            s.events.append(value)
            var ready: [(CheckedContinuation<JSONValue, Never>, JSONValue)] = []
            s.waiters.removeAll { w in
                let matching = s.events.filter { $0["method"]?.stringValue == w.topic }
                guard matching.count > w.index else { return false }
                ready.append((w.continuation, matching[w.index]))
                return true
            }
            return ready
        }
        for (c, v) in ready { c.resume(returning: v) }
    }

    var all: [JSONValue] { state.withLock { $0.events } }
    func topics() -> [String] { all.compactMap { $0["method"]?.stringValue } }
    func params(_ topic: String) -> [JSONValue] { all.filter { $0["method"]?.stringValue == topic }.compactMap { $0["params"] } }

    /// The params of the `index`-th event of `topic` (0-based), waiting for it to be pushed.
    /// A worker that never pushes it fails the test after `limit` real seconds instead of hanging.
    func wait(_ topic: String, index: Int = 0, limit: Double = 20) async throws -> JSONValue {
        let event = await withTaskGroup(of: JSONValue?.self) { group in
            group.addTask {
                await withCheckedContinuation { (c: CheckedContinuation<JSONValue, Never>) in
                    let existing = self.state.withLock { s -> JSONValue? in
                        let matching = s.events.filter { $0["method"]?.stringValue == topic }
                        if matching.count > index { return matching[index] }
                        s.waiters.append((topic, index, c))
                        return nil
                    }
                    if let existing { c.resume(returning: existing) }
                }
            }
            group.addTask {
                try? await Task.sleep(nanoseconds: UInt64(limit * 1e9))
                return nil
            }
            let first = await group.next()!
            group.cancelAll()
            if first == nil {
                // Release the waiter so the group can finish.
                let stale = self.state.withLock { s -> [CheckedContinuation<JSONValue, Never>] in
                    let mine = s.waiters.filter { $0.topic == topic && $0.index == index }.map(\.continuation)
                    s.waiters.removeAll { $0.topic == topic && $0.index == index }
                    return mine
                }
                for c in stale { c.resume(returning: .null) }
            }
            return first
        }
        return try #require(event?["params"], "no \(topic) event #\(index) within \(limit) s")
    }
}

/// A repeat-caller policy for tests: records each call and answers `action` from the count.
final class RecordingPolicy: RepeatCallerPolicy {
    private let calls = Mutex<[RepeatCall]>([])
    let action: @Sendable (Int) -> String

    init(action: @escaping @Sendable (Int) -> String = { _ in "none" }) { self.action = action }

    func callerRepeated(_ event: RepeatCall, context: RequestContext) async throws -> RepeatCallOutcome {
        calls.withLock { $0.append(event) }
        return RepeatCallOutcome(action: action(event.count), incidentId: action(event.count) == "page-staff" ? "inc-1" : nil)
    }

    var received: [RepeatCall] { calls.withLock { $0 } }
}

func instant(_ text: String) -> Date { RFC3339.parse(text)! }

let paris = TimeZone(identifier: "Europe/Paris")!

/// `YYYY-MM-DDTHH:mm` of an RFC 3339 instant, in Paris.
func parisLocal(_ text: String?) -> String? {
    text.flatMap(RFC3339.parse).map { LocalDateTime($0, in: paris).description }
}
