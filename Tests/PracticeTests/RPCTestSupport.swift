import Foundation
import JSONRPC
import Kernel
import Synchronization
import Testing

@testable import Practice

/// A practice host for tests: the example practice (or a given YAML), an in-memory store and a
/// manual clock, called through the dispatcher exactly as a client would.
struct PracticeHarness {
    let host: KernelHost
    let clock: ManualClock
    let dispatcher: Dispatcher
    let session: Session
    let events: EventRecorder

    init(yaml: String = ExamplePractice.yaml, now: String = "2026-06-15T10:00:00+02:00", role: Role = .admin) async throws {
        let doc = try ConfigurationDocument(yaml: yaml)
        clock = ManualClock(instant(now))
        host = try KernelHost(store: try Store(), clock: clock, configuration: doc)
        try await host.install([try PracticePlugin(configuration: doc)])
        dispatcher = Dispatcher(host: host)
        let recorder = EventRecorder()
        events = recorder
        session = dispatcher.openSession(transport: .inProcess, role: role, actor: "test", sink: { _ in })
        _ = host.events.subscribe(session: session.id, topics: ["patients.*", "contacts.*"], sink: { recorder.append($0) })
    }

    /// A session with another role, on the same host.
    func session(role: Role) -> Session {
        dispatcher.openSession(transport: .inProcess, role: role, actor: "test-\(role.rawValue)", sink: { _ in })
    }

    /// Calls `method`; the result as JSON, or the error.
    func call(_ method: String, _ params: JSONValue? = nil, as session: Session? = nil) async -> Result<JSONValue, RPCError> {
        switch await dispatcher.call(Request(method: method, params: params, id: 1), session: session ?? self.session) {
        case .success(let bytes):
            do { return .success(try JSONParser.parse(bytes)) } catch { return .failure(.internalError("unparsable result: \(error)")) }
        case .failure(let error):
            return .failure(error)
        }
    }

    /// Calls `method` and requires success.
    func ok(_ method: String, _ params: JSONValue? = nil, sourceLocation: SourceLocation = #_sourceLocation) async throws -> JSONValue {
        switch await call(method, params) {
        case .success(let value): return value
        case .failure(let error):
            Issue.record("\(method) failed: \(error)", sourceLocation: sourceLocation)
            throw error
        }
    }

    /// Calls `method` and requires an error.
    func failure(_ method: String, _ params: JSONValue? = nil, sourceLocation: SourceLocation = #_sourceLocation) async throws -> RPCError {
        switch await call(method, params) {
        case .success(let value):
            Issue.record("\(method) succeeded: \(JSONWriter.string(value))", sourceLocation: sourceLocation)
            throw RPCError.internalError("expected an error")
        case .failure(let error): return error
        }
    }

    /// Creates a patient and answers its id.
    func createPatient(
        _ last: String, _ first: String, born: String, phone: String = "06 12 34 56 78",
        extra: JSONObject = [:]
    ) async throws -> String {
        var params: JSONObject = ["lastName": .string(last), "firstName": .string(first), "birthDate": .string(born), "phone": .string(phone)]
        for (k, v) in extra { params[k] = v }
        let patient = try await ok("patients.create", .object(params))
        return try #require(patient["id"]?.stringValue)
    }
}

/// Collects the notifications pushed to a session.
final class EventRecorder: Sendable {
    private let lines = Mutex<[JSONValue]>([])
    func append(_ bytes: [UInt8]) {
        if let value = try? JSONParser.parse(bytes) { lines.withLock { $0.append(value) } }
    }
    /// The params of every notification of `topic`, in order.
    func payloads(_ topic: String) -> [JSONValue] {
        lines.withLock { $0 }.filter { $0["method"]?.stringValue == topic }.compactMap { $0["params"] }
    }
}

extension RPCError {
    var field: String? { data?["field"]?.stringValue }
}

extension JSONValue {
    /// The element at `index` of an array, if any.
    subscript(index: Int) -> JSONValue? {
        guard let a = arrayValue, a.indices.contains(index) else { return nil }
        return a[index]
    }
}
