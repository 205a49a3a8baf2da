import Foundation
import JSONRPC
import Kernel
import PermanenceTesting
import Synchronization

/// A kernel on an in-memory store with a manual clock and the conformance plugin, for in-process tests.
///
/// Released, it stops its host and, when the store is its own, closes it: a test process runs
/// hundreds of hosts, and each left running keeps its workers, its connections and its event log
/// going until the process ends.
final class TestHost: Sendable {
    let host: KernelHost
    let dispatcher: Dispatcher
    let clock: ManualClock
    private let ownsStore: Bool

    static let t0 = RFC3339.parse("2026-03-27T10:00:00+01:00")!

    /// `store` defaults to a private in-memory one; give hosts stores on one file to play practices sharing a database.
    init(
        plugins: [any Plugin] = [ConformancePlugin()], yaml: String = "practice: {name: Test, timezone: Europe/Paris}", store: Store? = nil
    ) async throws {
        clock = ManualClock(Self.t0)
        let chosen: Store
        if let store { chosen = store } else { chosen = try await TestStore.make() }
        ownsStore = store == nil
        host = try KernelHost(store: chosen, clock: clock, configuration: try ConfigurationDocument(yaml: yaml))
        try await host.install(plugins)
        dispatcher = Dispatcher(host: host)
    }

    deinit {
        let (host, owned) = (self.host, ownsStore)
        Task { await host.shutdown(closingStore: owned) }
    }

    /// A session with `role` (nil: an unauthenticated TCP session) collecting pushed lines.
    func session(role: Role? = .admin, transport: Session.Transport = .inProcess, pushed: PushedLines? = nil) -> Session {
        dispatcher.openSession(transport: role == nil ? .tcp : transport, role: role, actor: "test", sink: { pushed?.append($0) })
    }

    /// The parsed reply to one line (nil when none).
    func reply(_ line: String, session: Session) async throws -> JSONValue? {
        guard let bytes = await dispatcher.handle(line: Array(line.utf8), session: session) else { return nil }
        return try JSONParser.parse(bytes)
    }

    /// Calls `method` and returns the whole reply object.
    func call(_ method: String, _ params: JSONValue? = nil, session: Session) async throws -> JSONValue {
        let line = JSONWriter.string(Request(method: method, params: params, id: 1).jsonValue)
        return try await reply(line, session: session)!
    }
}

/// Lines pushed to a session (events), collected for assertions.
final class PushedLines: Sendable {
    private let lines = Mutex<[JSONValue]>([])
    func append(_ bytes: [UInt8]) { if let v = try? JSONParser.parse(bytes) { lines.withLock { $0.append(v) } } }
    var all: [JSONValue] { lines.withLock { $0 } }
}
