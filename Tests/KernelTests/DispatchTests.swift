import Foundation
import JSONRPC
import Kernel
import Testing

/// What a client notices of the dispatcher: errors naming fields, roles, authentication, cancellation, events, audit.
@Suite struct DispatchTests {
    @Test func unknownParamIsNamed() async throws {
        let t = try await TestHost()
        let r = try await t.call("subtract", ["minuend": 1, "subtrahend": 2, "extra": 3], session: t.session())
        #expect(r["error"]?["code"] == -32602)
        #expect(r["error"]?["data"]?["field"] == "extra")
    }

    @Test func tooManyPositionalParams() async throws {
        let t = try await TestHost()
        let r = try await t.call("subtract", [1, 2, 3], session: t.session())
        #expect(r["error"]?["code"] == -32602)
    }

    @Test func badInstantNamesTheField() async throws {
        let t = try await TestHost()
        let r = try await t.call("conformance.wait", ["until": "tomorrow"], session: t.session())
        #expect(r["error"]?["code"] == -32602)
        #expect(r["error"]?["data"]?["field"] == "until")
    }

    @Test func unauthenticatedTCPSessionIsRefused() async throws {
        let t = try await TestHost()
        let s = t.session(role: nil)
        let r = try await t.call("kernel.ping", session: s)
        #expect(r["error"]?["code"] == -32001)
        let bad = try await t.call("initialize", ["token": "pmt_nope"], session: s)
        #expect(bad["error"]?["code"] == -32001)
        #expect(bad["error"]?["data"]?["field"] == "token")
        let secret = try t.host.tokens.create(name: "console", role: .secretary, at: t.clock.now())
        let ok = try await t.call("initialize", ["token": .string(secret), "clientInfo": ["name": "console"]], session: s)
        #expect(ok["result"]?["role"] == "secretary")
        #expect(try await t.call("kernel.ping", session: s)["result"] == "pong")
        // A secretary may not read the audit trail.
        let forbidden = try await t.call("kernel.audit", session: s)
        #expect(forbidden["error"]?["code"] == -32002)
    }

    @Test(arguments: [(Role.integration, false), (.secretary, false), (.staff, false), (.admin, true)])
    func rolesAreOrdered(role: Role, allowed: Bool) async throws {
        let t = try await TestHost()
        let r = try await t.call("kernel.audit", session: t.session(role: role))
        #expect((r["error"] == nil) == allowed)
        if !allowed { #expect(r["error"]?["code"] == -32002) }
    }

    @Test func cancelledRequestStillAnswers() async throws {
        let t = try await TestHost()
        let s = t.session()
        async let waiting = t.reply(#"{"jsonrpc":"2.0","id":"w","method":"conformance.wait"}"#, session: s)
        while t.clock.sleeperCount == 0 { await Task.yield() }
        let none = try await t.reply(#"{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":"w"}}"#, session: s)
        #expect(none == nil)
        let r = try await waiting
        #expect(r?["id"] == "w")
        #expect(r?["error"]?["code"] == -32800)
    }

    @Test func waitEndsWhenTheClockMoves() async throws {
        let t = try await TestHost()
        let s = t.session()
        async let waiting = t.call("conformance.wait", ["until": "2026-03-27T10:05:00+01:00"], session: s)
        while t.clock.sleeperCount == 0 { await Task.yield() }
        t.clock.advance(by: 300)
        #expect(try await waiting["result"] == "2026-03-27T10:05:00+01:00")
    }

    @Test func subscribedSessionsReceiveEvents() async throws {
        let t = try await TestHost()
        let pushed = PushedLines()
        let s = t.session(pushed: pushed)
        let other = PushedLines()
        _ = t.session(pushed: other)
        let sub = try await t.call("events.subscribe", ["topics": ["conformance.*"]], session: s)
        #expect(sub["result"]?["topics"] == ["conformance.*"])
        t.host.events.publish("conformance.tick", ["n": 1])
        // Every event names its practice first (the example has none: `default`).
        #expect(pushed.all == [["jsonrpc": "2.0", "method": "conformance.tick", "params": ["practiceId": "default", "n": 1]]])
        #expect(other.all.isEmpty)
        _ = try await t.call("events.unsubscribe", session: s)
        t.host.events.publish("conformance.tick", ["n": 2])
        #expect(pushed.all.count == 1)
        let unknown = try await t.call("events.subscribe", ["topics": ["nope.thing"]], session: s)
        #expect(unknown["error"]?["data"]?["field"] == "topics[0]")
    }

    @Test func writesAreAudited() async throws {
        let t = try await TestHost()
        let s = t.session()
        _ = try await t.call("kernel.ping", session: s)
        #expect(try await t.host.audit.entries().isEmpty)
        _ = try await t.call("kernel.clock.set", ["advanceSeconds": 60], session: s)
        let entries = try await t.host.audit.entries()
        #expect(entries.map(\.method) == ["kernel.clock.set"])
        #expect(entries.first?.actor == "test")
    }

    @Test func shutdownThenOnlyExit() async throws {
        let t = try await TestHost()
        let s = t.session()
        #expect(try await t.call("shutdown", session: s)["result"] == .null)
        #expect(try await t.call("kernel.ping", session: s)["error"]?["code"] == -32600)
    }

    /// `initialized` is the client's acknowledgement: sent as a notification it gets no reply and
    /// the session goes on; as a request it is answered null; it takes no params.
    @Test func initializedIsAcknowledgedSilently() async throws {
        let t = try await TestHost()
        let s = t.session(role: .integration)
        #expect(try await t.reply(#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#, session: s) == nil)
        #expect(try await t.call("initialized", session: s)["result"] == .null)
        let bad = try await t.call("initialized", ["x": 1], session: s)
        #expect(bad["error"]?["code"] == -32602 && bad["error"]?["data"]?["field"] == "x")
        #expect(try await t.call("kernel.ping", session: s)["result"] == "pong")
    }

    @Test func initializeDescribesTheServer() async throws {
        let t = try await TestHost()
        let r = try await t.call("initialize", ["clientInfo": ["name": "console", "version": "1"]], session: t.session())
        let plugins = r["result"]?["plugins"]?.arrayValue ?? []
        #expect(plugins.contains { $0["id"] == "conformance" })
        #expect(r["result"]?["eventTopics"]?.arrayValue?.contains("kernel.*") == true)
        #expect(r["result"]?["timezone"] == "Europe/Paris")
    }

    @Test func statusReportsOutboxBacklog() async throws {
        let t = try await TestHost()
        try await t.host.store.write { db in
            _ = try Outbox.enqueue(
                .init(channel: "sms", destination: "+33612345678", event: "test", payload: "x", urgency: .urgent), practiceId: t.host.practiceId, in: db,
                now: Date())
        }
        let r = try await t.call("kernel.status", session: t.session())
        #expect(r["result"]?["outbox"]?["pending"] == 1)
        #expect(r["result"]?["plugins"]?.arrayValue?.count == 1)
    }
}
