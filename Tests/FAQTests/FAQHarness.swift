import FAQ
import Foundation
import JSONRPC
import Kernel
import PermanenceTesting
import Practice
import Testing

/// A test server with the practice and FAQ plugins on an in-memory store and a manual clock,
/// called as a client would (in-process unless another setup is given).
struct FAQHarness {
    let server: TestServer
    let plugin: FAQPlugin
    var host: KernelHost { server.host }
    var clock: ManualClock { server.clock }

    static func make(
        yaml: String = ExamplePractice.yaml, at start: Date = instant("2026-03-10T10:00:00+01:00"), setup: TestServer.Setup = .inProcess
    ) async throws -> FAQHarness {
        let document = try ConfigurationDocument(yaml: yaml)
        let practice = try PracticePlugin(configuration: document)
        let plugin = try FAQPlugin(configuration: document, directory: practice.directory)
        let server = try await TestServer(setup: setup, configuration: document, plugins: [practice, plugin], clock: ManualClock(start))
        return FAQHarness(server: server, plugin: plugin)
    }

    /// Calls `method` with `role`; the result, or the JSON-RPC error.
    func call(_ method: String, _ params: JSONValue = [:], role: Role = .admin) async -> Result<JSONValue, RPCError> {
        do { return .success(try await server.client(role: role, actor: "test").call(method, params)) } catch let error as RPCError {
            return .failure(error)
        } catch { return .failure(.internalError("\(method): \(error)")) }
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
