import Foundation
import JSONRPC
import Kernel
import Testing

/// A plugin publishing one topic open to every role.
private struct NewsPlugin: Plugin {
    var id = "news"
    let version = "1.0"
    let namespaces = ["news"]
    let eventTopics = ["news.told"]
    var eventAccess: [String: EventAccess] = ["news.told": .operational(.integration)]
    func methods(host: KernelHost) -> [AnyMethod] { [] }
}

/// A method whose write meets a unique key another change already took.
private struct TakenPlugin: Plugin {
    let id = "taken"
    let version = "1"
    let namespaces = ["taken"]
    func methods(host: KernelHost) -> [AnyMethod] { [AnyMethod(Take())] }

    struct Take: RPCMethod {
        static let name = "taken.take"
        static let summary = "Inserts the same key twice."
        static let role = Role.integration
        static let effect = MethodEffect.write
        static let paramsSchema = Schema.empty
        static let resultSchema = Schema.string
        func handle(_ p: NoParams, context: RequestContext) async throws -> String {
            try await context.write { db in
                try db.run("CREATE TABLE IF NOT EXISTS taken_key(id TEXT PRIMARY KEY)")
                for _ in 0..<2 { try db.run("INSERT INTO taken_key(id) VALUES ('twice')") }
            }
            return "taken"
        }
    }
}

/// Events published with the transaction of their change (`EventBus.publish(_:_:in:)`); what a
/// change the database refused for another's sake answers.
@Suite struct EventInTransactionTests {
    private struct Refused: Error {}

    @Test func anEventPublishedWithItsTransactionIsDeliveredOnceItCommitsAndNeverIfItRollsBack() async throws {
        let t = try await TestHost(plugins: [NewsPlugin()])
        let pushed = PushedLines()
        let s = t.session(role: .secretary, pushed: pushed)
        _ = try await t.call("events.subscribe", ["topics": ["news.told"]], session: s)
        let events = t.host.events
        await #expect(throws: Refused.self) {
            try await t.host.store.write { db in
                try events.publish("news.told", ["n": 1], in: db)
                throw Refused()
            }
        }
        #expect(pushed.all.isEmpty, "published by a transaction that rolled back")
        try await t.host.store.write { db in
            try events.publish("news.told", ["n": 2], in: db)
            try events.publish("news.told", ["n": 3], in: db)
        }
        #expect(pushed.all.compactMap { $0["params"]?["n"]?.intValue } == [2, 3])
        // On a database nodes share, the committed events, and only they, are rows its transaction wrote.
        if t.host.store.engine == .postgresql {
            let rows = try await t.host.store.read { db in
                try db.values(String.self, "SELECT params FROM kernel_event WHERE topic = 'news.told' ORDER BY seq")
            }
            #expect(rows.count == 2 && rows.allSatisfy { !$0.contains("\"n\":1") }, "\(rows)")
        }
    }

    @Test func aUniqueKeyTakenMeanwhileAnswersConflictNotInternalError() async throws {
        let t = try await TestHost(plugins: [TakenPlugin()])
        let r = try await t.call("taken.take", nil, session: t.session(role: .integration))
        #expect(r["error"]?["code"]?.intValue == -32009, "\(r)")
        #expect(r["error"]?["data"]?["reason"] == "concurrent change")
        #expect(try await t.call("kernel.ping", nil, session: t.session())["result"] == "pong", "the session goes on")
    }
}
