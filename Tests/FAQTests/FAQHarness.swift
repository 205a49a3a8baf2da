import FAQ
import Foundation
import JSONRPC
import Kernel
import Practice
import Testing

/// A kernel host with the practice and FAQ plugins on an in-memory store and a manual clock,
/// called through the dispatcher as a client would.
struct FAQHarness {
    let host: KernelHost
    let clock: ManualClock
    let plugin: FAQPlugin
    let dispatcher: Dispatcher

    static func make(yaml: String = ExamplePractice.yaml, at start: Date = instant("2026-03-10T10:00:00+01:00")) async throws -> FAQHarness {
        let document = try ConfigurationDocument(yaml: yaml)
        let clock = ManualClock(start)
        let host = try KernelHost(store: try Store(), clock: clock, configuration: document)
        let practice = try PracticePlugin(configuration: document)
        let plugin = try FAQPlugin(configuration: document, directory: practice.directory)
        try await host.install([practice, plugin])
        return FAQHarness(host: host, clock: clock, plugin: plugin, dispatcher: Dispatcher(host: host))
    }

    /// Calls `method` with `role`; the result, or the JSON-RPC error.
    func call(_ method: String, _ params: JSONValue = [:], role: Role = .admin) async -> Result<JSONValue, RPCError> {
        let session = dispatcher.openSession(transport: .inProcess, role: role, actor: "test", sink: { _ in })
        defer { dispatcher.closeSession(session) }
        switch await dispatcher.call(Request(method: method, params: params, id: 1), session: session) {
        case .success(let bytes): return .success((try? JSONParser.parse(bytes)) ?? .null)
        case .failure(let error): return .failure(error)
        }
    }

    /// Calls `method` and requires it to succeed.
    func result(
        _ method: String, _ params: JSONValue = [:], role: Role = .admin,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> JSONValue {
        switch await call(method, params, role: role) {
        case .success(let value): return value
        case .failure(let error):
            Issue.record("\(method) failed: \(error)", sourceLocation: sourceLocation)
            throw error
        }
    }

    /// Calls `method` and requires it to fail; the error.
    func error(
        _ method: String, _ params: JSONValue = [:], role: Role = .admin,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> RPCError {
        switch await call(method, params, role: role) {
        case .success(let value):
            Issue.record("\(method) succeeded unexpectedly: \(value)", sourceLocation: sourceLocation)
            throw RPCError.internalError("unexpected success")
        case .failure(let error): return error
        }
    }

    /// The answer text of the built-in `open-now` entry, computed at the clock's time.
    func openNow(siteId: String) async throws -> String {
        let record = try await result("faq.get", ["id": "open-now", "siteId": .string(siteId)])
        return try #require(record["answer"]?.stringValue)
    }
}

/// The instant of an RFC 3339 timestamp with offset.
func instant(_ text: String) -> Date {
    guard let date = ISO8601DateFormatter().date(from: text) else { preconditionFailure("bad test timestamp \(text)") }
    return date
}

/// The repository root (for Docs/faq).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
