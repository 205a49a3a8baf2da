import Foundation
import JSONRPC
import Kernel
import PermanenceTesting
import Practice
import Testing

@testable import KPI

/// A host with the example practice and the KPI plugin, on an in-memory store and a manual clock.
struct KPIHarness {
    let host: KernelHost
    let dispatcher: Dispatcher
    let session: Session
    let plugin: KPIPlugin

    static let t0 = RFC3339.parse("2026-03-02T08:00:00+01:00")!

    init(yaml: String = ExamplePractice.yaml, now: Date = KPIHarness.t0) async throws {
        let doc = try ConfigurationDocument(yaml: yaml)
        let practice = try PracticePlugin(configuration: doc)
        plugin = try KPIPlugin(configuration: doc, directory: practice.directory)
        host = try KernelHost(store: try Store(), clock: ManualClock(now), configuration: doc)
        try await host.install([practice, plugin])
        dispatcher = Dispatcher(host: host)
        session = dispatcher.openSession(transport: .inProcess, role: .admin, actor: "test", sink: { _ in })
    }

    /// Calls `method`; the result as JSON, or the RPC error.
    func call(_ method: String, _ params: JSONValue) async -> Result<JSONValue, RPCError> {
        switch await dispatcher.call(Request(method: method, params: params, id: 1), session: session) {
        case .success(let bytes): return .success(try! JSONParser.parse(bytes))
        case .failure(let e): return .failure(e)
        }
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
        try await host.store.write { db in for e in entries { try ContactJournal.append(e, in: db) } }
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
