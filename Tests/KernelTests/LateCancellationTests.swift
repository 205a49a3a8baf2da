import Foundation
import JSONRPC
import Kernel
import Synchronization
import Testing

/// A request cancelled after it could no longer stop answers with its result, not -32800.
@Suite struct LateCancellationTests {
    /// Lets a test hold a request in its handler and release it.
    final class Gate: Sendable {
        private let state = Mutex<(entered: Bool, waiter: CheckedContinuation<Void, Never>?, open: Bool)>((false, nil, false))
        var entered: Bool { state.withLock { $0.entered } }
        /// Waits until `open()`, ignoring cancellation (like work that has already committed).
        func pass() async {
            await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { s -> Bool in
                    s.entered = true
                    if s.open { return true }
                    s.waiter = c
                    return false
                }
                if resumeNow { c.resume() }
            }
        }
        func open() {
            state.withLock { s in
                s.open = true
                let w = s.waiter
                s.waiter = nil
                return w
            }?.resume()
        }
    }

    struct GatePlugin: Plugin {
        let gate: Gate
        let id = "gate"
        let version = "1"
        let namespaces = ["gate"]
        func methods(host: KernelHost) -> [AnyMethod] { [AnyMethod(Hold(gate: gate))] }
    }

    struct Hold: RPCMethod {
        static let name = "gate.hold"
        static let summary = "Waits at the gate, then answers \"done\"."
        static let role = Role.integration
        static let effect = MethodEffect.write
        static let paramsSchema = Schema.empty
        static let resultSchema = Schema.string
        let gate: Gate
        func handle(_ p: NoParams, context: RequestContext) async throws -> String {
            await gate.pass()
            return "done"
        }
    }

    @Test func workThatFinishedDespiteTheCancelAnswersItsResult() async throws {
        let gate = Gate()
        let t = try await TestHost(plugins: [ConformancePlugin(), GatePlugin(gate: gate)])
        let s = t.session()
        async let held = t.reply(#"{"jsonrpc":"2.0","id":"h","method":"gate.hold"}"#, session: s)
        while !gate.entered { await Task.yield() }
        _ = try await t.reply(#"{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":"h"}}"#, session: s)
        gate.open()
        let r = try await held
        #expect(r?["result"] == "done")
        #expect(r?["error"] == nil)
    }
}
