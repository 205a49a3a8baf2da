import Foundation
import GRDB
import JSONRPC
import Kernel
import PermanenceTesting
import Practice
import Synchronization
import Testing

@testable import Messaging

/// A test server with the practice and messaging plugins on an in-memory store and a manual clock,
/// with helpers to call methods, read the outbox and collect events (in-process unless another setup is given).
final class MessagingHarness: Sendable {
    let server: TestServer
    let plugin: MessagingPlugin
    /// Events pushed to the harness's `messaging.*` subscription, in order.
    let events = NotificationLog()
    var host: KernelHost { server.host }
    var clock: ManualClock { server.clock }
    var dispatcher: Dispatcher { server.dispatcher }

    /// The patient ids the tests use, registered as the Practice module stores them
    /// (Messaging refuses a message for an unknown patient).
    static let patientIDs = ["a", "b", "c", "p", "other", "pat-dupont", "pat-leroy", "pat-moreau", "pat-petit"]

    static func seedPatients(_ host: KernelHost) async throws { try await TestPatients.insert(patientIDs, into: host) }

    init(
        yaml: String = ExamplePractice.yaml, now: String = "2026-04-07T10:00:00+02:00",
        policy: (any RepeatCallerPolicy)? = nil, setup: TestServer.Setup = .inProcess
    ) async throws {
        let doc = try ConfigurationDocument(yaml: yaml)
        let practice = try PracticePlugin(configuration: doc)
        plugin = try MessagingPlugin(configuration: doc, directory: practice.directory)
        server = try await TestServer(setup: setup, configuration: doc, plugins: [practice, plugin], clock: ManualClock(instant(now)))
        try await Self.seedPatients(host)
        if let policy { host.services.register((any RepeatCallerPolicy).self, policy) }
        let recorder = events
        _ = host.events.subscribe(session: 777_777, topics: ["messaging.*"]) { bytes in recorder.append(bytes) }
    }

    func shutdown() async { await server.stop() }

    /// A session of its own on the host, for calls that bypass the transport (close it with the dispatcher).
    func session(role: Role = .secretary, actor: String = "secretaire-1") -> Session {
        dispatcher.openSession(transport: .inProcess, role: role, actor: actor, sink: { _ in })
    }

    func call(_ method: String, _ params: JSONValue, role: Role = .secretary) async -> Result<JSONValue, RPCError> {
        do { return .success(try await server.client(role: role, actor: "secretaire-1").call(method, params)) } catch let error as RPCError {
            return .failure(error)
        } catch { return .failure(.internalError("\(method): \(error)")) }
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
            try db.rows("SELECT channel, destination, event, payload, urgency, reference FROM outbox ORDER BY id").map {
                OutboxRow(
                    channel: $0["channel"], destination: $0["destination"], event: $0["event"], payload: $0["payload"],
                    urgency: $0["urgency"], reference: $0["reference"])
            }
        }
    }

    func contacts(reference: String) async throws -> [ContactEntry] {
        let practiceId = host.practiceId
        return try await host.store.read { db in
            try ContactJournal.entries(from: .distantPast, to: .distantFuture, practiceId: practiceId, in: db).filter { $0.reference == reference }
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
