import Foundation
import GRDB
import JSONRPC
import Kernel
import Practice
import Testing

@testable import Escalation

private func temporaryDatabase() throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("escalation-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir.appendingPathComponent("permanence.sqlite").path
}

/// (step, destination) of every SMS page of the only incident, in order.
private func pages(_ h: EscalationHarness) async throws -> [String] {
    try await h.host.store.read { db in
        try db.rows("SELECT step, destination FROM escalation_notification WHERE channel = 'sms' AND step >= 0 ORDER BY id")
            .map { "\($0["step"] as Int + 1):\($0["destination"] as String)" }
    }
}

@Suite("Restart and repeat callers")
struct RestartAndPolicyTests {
    @Test(
        "a restart during a wait resumes the chain at the right step, none skipped or repeated",
        arguments: [
            // (restart at, then advance minutes) → pages expected after the restart
            ("2026-03-10T22:07:00+01:00", 3.0, ["1:+33639981201", "2:+33639981201", "3:+33639981202"]),
            // Down for 25 minutes: the overdue step fires once at restart, the next one a full wait later.
            ("2026-03-10T22:30:00+01:00", 0.0, ["1:+33639981201", "2:+33639981201", "3:+33639981202"])
        ])
    func restart(at: String, advance: Double, expected: [String]) async throws {
        let path = try temporaryDatabase()
        let first = try await EscalationHarness(at: "2026-03-10T22:00:00+01:00", path: path)
        _ = try await first.call("escalation.raise", ["caller": "+33612345678", "reason": "Malaise", "urgency": "urgent"])
        try await first.advance(minutes: 5)
        #expect(try await pages(first) == ["1:+33639981201", "2:+33639981201"])
        await first.shutdown()

        let second = try await EscalationHarness(at: at, path: path)
        try await second.advance(minutes: advance)
        #expect(try await pages(second) == expected)
        // The next step waits its full 10 minutes from when step 3 fired.
        try await second.advance(minutes: 9)
        #expect(try await pages(second).count == 3)
        try await second.advance(minutes: 1)
        #expect(try await pages(second).count == 4)
        await second.shutdown()
    }

    @Test("the repeat-caller policy is offered to Messaging through the kernel and follows the configuration")
    func policy() async throws {
        let h = try await EscalationHarness(at: "2026-03-10T22:00:00+01:00")
        let policy = try #require(h.host.services.resolve((any RepeatCallerPolicy).self))
        let context = RequestContext(host: h.host, session: h.session, requestID: nil, method: "messaging.take")
        let second = try await policy.callerRepeated(
            RepeatCall(
                patientId: "pat-1", phone: "+33612345678", count: 2,
                firstAt: instant("2026-03-10T18:00:00+01:00"), openKind: "message", openId: "msg-1"),
            context: context)
        #expect(second.action == "none")
        let third = try await policy.callerRepeated(
            RepeatCall(
                patientId: "pat-1", phone: "+33612345678", count: 3,
                firstAt: instant("2026-03-10T18:00:00+01:00"), openKind: "message", openId: "msg-1"),
            context: context)
        #expect(third.action == "raise-urgency")
        let stale = try await policy.callerRepeated(
            RepeatCall(
                patientId: "pat-1", phone: "+33612345678", count: 3,
                firstAt: instant("2026-03-08T18:00:00+01:00"), openKind: "message", openId: "msg-1"),
            context: context)
        #expect(stale.action == "none")
        await h.shutdown()
    }

    @Test("with action page-oncall a repeat caller raises one incident whose count the secretary sees")
    func policyPagesOnCall() async throws {
        let yaml = ExamplePractice.yaml.replacingOccurrences(of: "action: raise-urgency ", with: "action: page-oncall ")
        let h = try await EscalationHarness(yaml: yaml, at: "2026-03-10T22:00:00+01:00")
        let policy = try #require(h.host.services.resolve((any RepeatCallerPolicy).self))
        let context = RequestContext(host: h.host, session: h.session, requestID: nil, method: "messaging.take")
        var outcome = RepeatCallOutcome(action: "none")
        for count in [3, 4] {
            outcome = try await policy.callerRepeated(
                RepeatCall(
                    patientId: "pat-1", phone: "+33612345678", count: count,
                    firstAt: instant("2026-03-10T18:00:00+01:00"), openKind: "message", openId: "msg-1"),
                context: context)
            #expect(outcome.action == "page-oncall")
        }
        let incident = try await h.call("escalation.get", ["incidentId": .string(try #require(outcome.incidentId))])
        #expect(incident["count"]?.int == 4)
        #expect(incident["source"] == "repeat-caller")
        let sms = try await h.outbox(channel: "sms")
        // repeat-caller route → practitioner-first chain; no practitioner named → the one on call;
        // the 4th call, still over the threshold, pages the one on call again.
        #expect(sms.map { $0["destination"] } == ["+33639981201", "+33639981201"])
        #expect((sms.first?["payload"] as String?)?.contains("rappelé plusieurs fois") == true)
        await h.shutdown()
    }
}
