import Foundation
import JSONRPC
import Kernel
import PermanenceTesting
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

    init() async throws { try await self.init(practices: nil) }

    /// With `practices`, one server answering for the example practice (or `example`, a variant of
    /// it) under each of these ids (the practice number `+334657100NN` by position), on one store.
    init(practices: [String]?, example: String = ExamplePractice.yaml) async throws {
        clock = ManualClock(Self.now)
        let store = try await TestStore.make()
        var hosts: [KernelHost] = []
        for (i, id) in (practices ?? [""]).enumerated() {
            var yaml = example
            if !id.isEmpty {
                yaml = yaml.replacingOccurrences(of: "  id: msp-tilleuls", with: "  id: \(id)")
                    .replacingOccurrences(of: #"numbers: ["+33465710010"]"#, with: "numbers: [\"+334657100\(20 + i)\"]")
            }
            let document = try ConfigurationDocument(yaml: yaml, source: "example practice")
            let host = try KernelHost(store: store, clock: clock, configuration: document)
            try await host.install(try PluginCatalog.plugins(for: document))
            hosts.append(host)
        }
        host = hosts[0]
        dispatcher = Dispatcher(practices: PracticeHosts(hosts))
        session = dispatcher.openSession(transport: .inProcess, role: .admin, actor: "contract", sink: { _ in })
    }

    /// Calls `method` as an admin of every practice (or on `session`), for `practiceId` when given:
    /// its result, or the error it answered.
    func call(_ method: String, _ params: JSONValue? = nil, practiceId: String? = nil, session: Session? = nil) async -> Result<JSONValue, RPCError> {
        var params = params
        if let practiceId {
            var o = params?.objectValue ?? JSONObject()
            o["practiceId"] = .string(practiceId)
            params = .object(o)
        }
        switch await dispatcher.call(Request(method: method, params: params, id: 1), session: session ?? self.session) {
        case .success(let bytes):
            do { return .success(try JSONParser.parse(bytes)) } catch {
                return .failure(.internalError("result is not JSON: \(error)"))
            }
        case .failure(let error): return .failure(error)
        }
    }

    func shutdown() async {
        dispatcher.closeSession(session)
        await dispatcher.practices.shutdown()
    }
}
