import Foundation
import JSONRPC
import Kernel
import PermanenceTesting
import Practice
import Testing

@testable import KPI

/// A test server with the example practice and the KPI plugin, on an in-memory store and a manual clock,
/// called as an admin.
struct KPIHarness {
    let server: TestServer
    let plugin: KPIPlugin
    var host: KernelHost { server.host }

    static let t0 = RFC3339.parse("2026-03-02T08:00:00+01:00")!

    init(yaml: String = ExamplePractice.yaml, now: Date = KPIHarness.t0, setup: TestServer.Setup = .inProcess) async throws {
        let doc = try ConfigurationDocument(yaml: yaml)
        let practice = try PracticePlugin(configuration: doc)
        plugin = try KPIPlugin(configuration: doc, directory: practice.directory)
        server = try await TestServer(setup: setup, configuration: doc, plugins: [practice, plugin], clock: ManualClock(now))
    }

    /// Calls `method`; the result as JSON, or the RPC error.
    func call(_ method: String, _ params: JSONValue) async -> Result<JSONValue, RPCError> {
        do { return .success(try await server.client(role: .admin, actor: "test").call(method, params)) } catch let error as RPCError {
            return .failure(error)
        } catch { return .failure(.internalError("\(method): \(error)")) }
    }

    func ok(_ method: String, _ params: JSONValue, sourceLocation: SourceLocation = #_sourceLocation) async throws -> JSONValue {
        let r = await call(method, params)
        if case .failure(let e) = r { Issue.record("\(method) failed: \(e)", sourceLocation: sourceLocation) }
        return try r.get()
    }

    func error(_ method: String, _ params: JSONValue) async -> RPCError? {
        if case .failure(let e) = await call(method, params) { return e }
        return nil
    }

    func journal(_ entries: [ContactEntry]) async throws {
        try await host.store.write { db in for e in entries { try ContactJournal.append(e, practiceId: host.practiceId, in: db) } }
    }
}

/// Runs a Python script; fails the test with a clear message when python3 or a package it needs is missing.
enum PythonScript {
    struct Missing: Error, CustomStringConvertible { let description: String }

    static func run(_ script: String, _ arguments: [String], needs packages: String) throws -> Data {
        let output: ChildProcess.Output
        do { output = try ChildProcess.run("python3", [script] + arguments) } catch let error as ChildProcess.TimedOut {
            throw error
        } catch { throw Missing(description: "python3 is not installed; this test needs python3 with \(packages)") }
        guard output.status == 0 else {
            throw Missing(description: "\(script) failed — this test needs python3 with \(packages):\n\(output.stderr)")
        }
        return output.stdoutData
    }
}
