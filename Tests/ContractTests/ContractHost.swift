import Foundation
import JSONRPC
import Kernel
import Practice

@testable import permanence

/// The example practice with every plugin the executable installs, on an in-memory store with a
/// manual clock: what `rpc.discover` lists is what the contract tests check.
struct ContractHost {
    let host: KernelHost
    let dispatcher: Dispatcher
    let session: Session
    let clock: ManualClock

    /// A Monday morning in March, the practice open.
    static let now = RFC3339.parse("2026-03-30T09:00:00+02:00")!

    init() async throws {
        let document = try ConfigurationDocument(yaml: ExamplePractice.yaml, source: "example practice")
        let plugins = try PluginCatalog.plugins(for: document)
        clock = ManualClock(Self.now)
        host = try KernelHost(store: try Store(), clock: clock, configuration: document)
        try await host.install(plugins)
        dispatcher = Dispatcher(host: host)
        session = dispatcher.openSession(transport: .inProcess, role: .admin, actor: "contract", sink: { _ in })
    }

    /// Calls `method` as an admin: its result, or the error it answered.
    func call(_ method: String, _ params: JSONValue? = nil) async -> Result<JSONValue, RPCError> {
        switch await dispatcher.call(Request(method: method, params: params, id: 1), session: session) {
        case .success(let bytes):
            do { return .success(try JSONParser.parse(bytes)) } catch {
                return .failure(.internalError("result is not JSON: \(error)"))
            }
        case .failure(let error): return .failure(error)
        }
    }

    func shutdown() async {
        dispatcher.closeSession(session)
        await host.shutdown()
    }
}
