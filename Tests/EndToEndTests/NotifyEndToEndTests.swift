import Foundation
import JSONRPC
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Notify with the built executable: the outbox survives SIGKILL.
@Suite("Notify end to end", .serialized)
struct NotifyEndToEndTests {
    @Test("SIGKILL with 1,000 webhooks pending: after a restart all 1,000 arrive, each with the webhook-id it had")
    func killWithPendingWebhooks() throws {
        let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
        let receiver = try NotifyGatedReceiver(secret: secret)
        defer { receiver.stop() }
        let example = try Executable.run(["config", "example"])
        #expect(example.status == 0)
        let config = example.stdout.replacingOccurrences(of: "http://127.0.0.1:9/hooks/permanence",
                                                         with: "http://127.0.0.1:\(receiver.port)/hooks/permanence")
        #expect(config.contains("\(receiver.port)"))
        var server = try ServerProcess.tcp(config: config)
        defer { server.stop() }
        let client = try server.client(role: "admin")

        // 1,000 test events to the practice's endpoint; each row gets its webhook-id at enqueue.
        var enqueued: [String] = []
        for _ in 0..<1000 {
            let m = try client.result("notify.test", ["channel": "webhook", "to": "logiciel-cabinet"])
            enqueued.append(try #require(m["messageId"]?.stringValue))
        }
        let expected = Set(enqueued)
        #expect(expected.count == 1000)
        // The receiver holds the first requests unanswered: those rows are in flight, the rest pending.
        let held = try receiver.wait(seconds: 30) { !$0.isEmpty }
        let backlog = try client.result("kernel.status")["outbox"]
        #expect((backlog?["pending"]?.intValue ?? 0) + (backlog?["inflight"]?.intValue ?? 0) == 1000)
        server.kill(signal: SIGKILL)
        let firstLife = Set(receiver.records.map(\.webhookID))
        #expect(firstLife.isSubset(of: expected))
        #expect(!held.isEmpty)

        receiver.openGate()
        server = try server.restart()
        let all = try receiver.wait(seconds: 120) { records in
            Set(records.map(\.webhookID)).isSuperset(of: expected)
        }
        let secondLife = all.dropFirst(firstLife.count)
        #expect(Set(all.map(\.webhookID)) == expected, "every webhook-id received was assigned before the kill")
        #expect(Set(secondLife.map(\.webhookID)) == expected, "after the restart all 1,000 arrive")
        #expect(firstLife.isSubset(of: Set(secondLife.map(\.webhookID))), "in-flight rows are sent again with the same id")
        let rejected = all.filter { !$0.verified }
        #expect(rejected.isEmpty, "standardwebhooks rejected \(rejected.count): \(rejected.first?.error ?? "")")
        // The last results are written just after the receipts: subscribe first, then add what is
        // already delivered to what the events announce, until all 1,000 rows say delivered.
        let after = try server.client(role: "admin")
        _ = try after.result("events.subscribe", ["topics": ["notify.delivered"]])
        var delivered = Set(try after.result("notify.list", ["status": "delivered", "limit": 1000]).arrayValue?
            .compactMap { $0["id"]?.stringValue } ?? [])
        while delivered.count < 1000 {
            let event = try after.nextNotification("notify.delivered")
            if let id = event["params"]?["id"]?.stringValue { delivered.insert(id) }
        }
        #expect(delivered.count == 1000)
    }
}
