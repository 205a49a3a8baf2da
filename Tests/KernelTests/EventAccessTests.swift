import Foundation
import JSONRPC
import Kernel
import Synchronization
import Testing

/// A plugin publishing one topic of each kind: open to integrations, patient data for
/// secretaries, and one it forgot to declare.
private struct TopicsPlugin: Plugin {
    var id = "topics"
    let version = "1.0"
    let namespaces = ["topics"]
    let eventTopics = ["topics.open", "topics.patient", "topics.forgotten"]
    var eventAccess: [String: EventAccess] = ["topics.open": .operational(.integration), "topics.patient": .patientData()]
    func methods(host: KernelHost) -> [AnyMethod] { [] }
}

/// What a session receives of events, by role; what the audit trail says of it.
@Suite struct EventAccessTests {
    static func host() async throws -> TestHost { try await TestHost(plugins: [TopicsPlugin()]) }

    @Test(arguments: Role.allCases)
    func subscriptionFollowsTheRole(role: Role) async throws {
        let t = try await Self.host()
        let pushed = PushedLines()
        let s = t.session(role: role, pushed: pushed)
        let r = try await t.call("events.subscribe", ["topics": ["topics.open", "topics.patient", "topics.forgotten"]], session: s)
        let topics = r["result"]?["topics"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let refused = r["result"]?["refused"]?.arrayValue?.compactMap { $0["topic"]?.stringValue } ?? []
        var expected = ["topics.open"]
        if role >= .secretary { expected.append("topics.patient") }
        if role == .admin { expected.append("topics.forgotten") }
        #expect(topics == expected.sorted())
        #expect(Set(refused) == Set(["topics.open", "topics.patient", "topics.forgotten"]).subtracting(expected))
        t.host.events.publish("topics.open", ["n": 1])
        t.host.events.publish("topics.patient", ["patientId": "pt_1", "lastName": "Secret"])
        t.host.events.publish("topics.forgotten", ["n": 3])
        #expect(pushed.all.compactMap { $0["method"]?.stringValue } == ["topics.open", "topics.patient", "topics.forgotten"].filter(expected.contains))
    }

    @Test func wildcardsCoverOnlyWhatTheRoleMaySee() async throws {
        let t = try await Self.host()
        let pushed = PushedLines()
        let s = t.session(role: .integration, pushed: pushed)
        let r = try await t.call("events.subscribe", ["topics": ["*"]], session: s)
        #expect(r["result"]?["topics"] == ["*"])
        #expect(r["result"]?["receives"] == ["topics.open"])
        let refused = r["result"]?["refused"]?.arrayValue ?? []
        #expect(refused.contains { $0["topic"] == "topics.patient" && $0["required"] == "secretary" })
        #expect(refused.contains { $0["topic"] == "topics.forgotten" && $0["required"] == "admin" })
        // A namespace with nothing the role may see is refused as a whole.
        let kernel = try await t.call("events.subscribe", ["topics": ["kernel.*"]], session: s)
        #expect(kernel["result"]?["refused"]?.arrayValue?.first?["topic"] == "kernel.*")
        t.host.events.publish("topics.patient", ["patientId": "pt_1"])
        t.host.events.publish("topics.open", ["n": 1])
        #expect(pushed.all.map { $0["method"] } == ["topics.open"])
    }

    @Test func deliveryChecksTheRoleAgain() async throws {
        let t = try await Self.host()
        let pushed = PushedLines()
        let s = t.dispatcher.openSession(transport: .tcp, role: nil, actor: "anonymous", sink: { pushed.append($0) })
        let high = try t.host.tokens.create(name: "console", role: .secretary, at: t.clock.now())
        let low = try t.host.tokens.create(name: "script", role: .integration, at: t.clock.now())
        _ = try await t.call("initialize", ["token": .string(high)], session: s)
        _ = try await t.call("events.subscribe", ["topics": ["topics.*"]], session: s)
        t.host.events.publish("topics.patient", ["patientId": "pt_1"])
        // The same connection authenticates again with a lesser token: the subscription stays, the data does not flow.
        _ = try await t.call("initialize", ["token": .string(low)], session: s)
        t.host.events.publish("topics.patient", ["patientId": "pt_2"])
        t.host.events.publish("topics.open", ["n": 1])
        #expect(pushed.all.map { $0["params"]?["patientId"] ?? $0["method"] } == ["pt_1", "topics.open"])
    }

    @Test func patientDataDeliveriesAreAuditedInSummaries() async throws {
        let t = try await Self.host()
        let secretary = t.session(role: .secretary)
        let integration = t.session(role: .integration)
        _ = try await t.call("events.subscribe", ["topics": ["*"]], session: secretary)
        _ = try await t.call("events.subscribe", ["topics": ["*"]], session: integration)
        for i in 1...30 { t.host.events.publish("topics.patient", ["patientId": "pt_\(i % 3)"]) }
        for _ in 1...5 { t.host.events.publish("topics.open", ["n": 1]) }
        await t.host.flushAudit()
        let rows = try await t.host.audit.entries(method: "events.delivered", limit: 1000)
        #expect(!rows.isEmpty)
        #expect(rows.allSatisfy { $0.role == "secretary" }, "only the session that received patient data is audited")
        let params = rows.compactMap { try? JSONParser.parse($0.params) }
        #expect(params.allSatisfy { $0["topic"] == "topics.patient" })
        #expect(params.compactMap { $0["count"]?.intValue }.reduce(0, +) == 30, "every delivery is counted")
        #expect(rows.count < 30, "deliveries are summarised, not one row each")
        let refs = Set(params.flatMap { $0["refs"]?.arrayValue ?? [] })
        #expect(refs == ["pt_0", "pt_1", "pt_2"])
        // kernel.audit shows them without waiting.
        let listed = try await t.call("kernel.audit", ["method": "events.delivered"], session: t.session())
        #expect(listed["result"]?["items"]?.arrayValue?.count == rows.count)
    }

    @Test func accessForATopicThePluginDoesNotPublishIsRefused() async throws {
        var plugin = TopicsPlugin()
        plugin.eventAccess["topics.opne"] = .operational(.integration)
        await #expect(throws: PluginRegistry.RegistrationError.self) { try await TestHost(plugins: [plugin]) }
    }
}
