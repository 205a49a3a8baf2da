import JSONRPC
import Kernel
import RPCTestSupport
import Testing

/// Every example of JSON-RPC 2.0 §7 (and our additions) answered in process.
@Suite struct SpecificationExamplesTests {
    @Test(arguments: SpecificationExample.all)
    func example(_ example: SpecificationExample) async throws {
        let t = try await TestHost()
        let reply = try await t.reply(example.request, session: t.session())
        #expect(example.accepts(reply), "got \(reply.map(JSONWriter.string) ?? "no reply")")
    }
}
