import Foundation
import JSONRPC
import Kernel
import PermanenceTesting
import Testing

@testable import Practice

/// A test server with the practice plugin on the example practice (or a given YAML), an in-memory
/// store and a manual clock, called as a client would.
struct PracticeHarness {
    let server: TestServer
    /// The session of the harness's role (in-process).
    let session: Session
    /// `patients.*` and `contacts.*` events, in order.
    let events = NotificationLog()
    var host: KernelHost { server.host }
    var clock: ManualClock { server.clock }
    var dispatcher: Dispatcher { server.dispatcher }

    /// `store` defaults to a private in-memory one; give harnesses stores on one file to play practices sharing a database.
    init(yaml: String = ExamplePractice.yaml, now: String = "2026-06-15T10:00:00+02:00", role: Role = .admin, store: Store? = nil) async throws {
        let doc = try ConfigurationDocument(yaml: yaml)
        server = try await TestServer(
            configuration: doc, plugins: [try PracticePlugin(configuration: doc)], clock: ManualClock(instant(now)), store: store)
        session = try #require(try await server.client(role: role, actor: "test").session)
        let recorder = events
        _ = host.events.subscribe(session: session.id, topics: ["patients.*", "contacts.*"], sink: { recorder.append($0) })
    }

    /// A session with another role, on the same host.
    func session(role: Role) -> Session {
        dispatcher.openSession(transport: .inProcess, role: role, actor: "test-\(role.rawValue)", sink: { _ in })
    }

    /// Calls `method` (as `session`, by default the harness's); the result as JSON, or the error.
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
