import Foundation
import JSONRPC
import Kernel
import PermanenceTesting
import Testing

/// Lines a transport can answer on its own thread, and lines that need a task.
@Suite(.enabled(if: TestStore.onSQLite, "answered inline on SQLite only: on a server a read waits for the network"))
struct InlineDispatchTests {
    static func answer(_ line: String, _ t: TestHost, _ s: Session) -> JSONValue?? {
        switch t.dispatcher.answerInline(line: Array(line.utf8), session: s) {
        case .answered(let bytes): return .some(bytes.map { try! JSONParser.parse($0) })
        case .needsTask: return .none
        }
    }

    @Test func pingIsAnsweredInline() async throws {
        let t = try await TestHost()
        let r = try #require(Self.answer(#"{"jsonrpc":"2.0","id":"a","method":"kernel.ping"}"#, t, t.session()))
        #expect(r?["result"] == "pong")
        #expect(r?["id"] == "a")
    }

    @Test(arguments: [
        (#"{"jsonrpc":"2.0","id":1,"method":"kernel.ping","params":{"x":1}}"#, -32602),
        (#"{"jsonrpc":"2.0","id":1,"method":"nope"}"#, -32601),
        (#"{"jsonrpc":"2.0","id":1,"method":"#, -32700),
        (#"{"jsonrpc":"1.0","id":1,"method":"kernel.ping"}"#, -32600)
    ])
    func badLinesAreAnsweredInlineWithTheRightError(line: String, code: Int) async throws {
        let t = try await TestHost()
        let r = try #require(Self.answer(line, t, t.session()))
        #expect(r?["error"]?["code"] == .int(code))
    }

    @Test func refusedCallsAreAnsweredInlineAndNotificationsGetNothing() async throws {
        let t = try await TestHost()
        let unauthenticated = try #require(Self.answer(#"{"jsonrpc":"2.0","id":1,"method":"kernel.ping"}"#, t, t.session(role: nil)))
        #expect(unauthenticated?["error"]?["code"] == -32001)
        let forbidden = try #require(Self.answer(#"{"jsonrpc":"2.0","id":1,"method":"kernel.audit"}"#, t, t.session(role: .secretary)))
        #expect(forbidden?["error"]?["code"] == -32002)
        let notification = try #require(Self.answer(#"{"jsonrpc":"2.0","method":"kernel.ping"}"#, t, t.session()))
        #expect(notification == nil)
    }

    @Test(arguments: [#"{"jsonrpc":"2.0","id":1,"method":"subtract","params":[3,1]}"#, #"[{"jsonrpc":"2.0","id":1,"method":"kernel.ping"}]"#])
    func methodsThatAreNotInlineAndBatchesNeedATask(line: String) async throws {
        let t = try await TestHost()
        let s = t.session()
        guard case .needsTask(let incoming) = t.dispatcher.answerInline(line: Array(line.utf8), session: s) else {
            Issue.record("answered inline: \(line)")
            return
        }
        let reply = try #require(await t.dispatcher.handle(incoming, session: s))
        #expect(!reply.isEmpty)
    }

    /// A request read before `shutdown` runs even when its task starts after the shutdown's (the
    /// transports run requests side by side); one read after it is refused.
    @Test func requestsReadBeforeShutdownRunWhateverTheOrderOfTheirTasks() async throws {
        let t = try await TestHost()
        let s = t.session()
        func pending(_ line: String) throws -> Dispatcher.Pending {
            guard case .needsTask(let p) = t.dispatcher.answerInline(line: Array(line.utf8), session: s) else { throw CancellationError() }
            return p
        }
        let before = try pending(#"{"jsonrpc":"2.0","id":1,"method":"subtract","params":[3,1]}"#)
        let shutdown = try pending(#"{"jsonrpc":"2.0","id":2,"method":"shutdown"}"#)
        let after = Self.answer(#"{"jsonrpc":"2.0","id":3,"method":"subtract","params":[3,1]}"#, t, s)
        let down = try JSONParser.parse(try #require(await t.dispatcher.handle(shutdown, session: s)))
        #expect(down["result"] == .null)
        let first = try JSONParser.parse(try #require(await t.dispatcher.handle(before, session: s)))
        #expect(first["result"] == 2)
        let refused = try #require(after ?? nil)
        #expect(refused["error"]?["code"] == -32600)
    }
}
