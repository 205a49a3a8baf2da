import Foundation
import Kernel
import Practice
import Testing
@testable import Messaging

@Suite struct RepeatCallerTests {
    @Test func threeCallsFromTheSameNumberAreLinkedAndThePolicyIsApplied() async throws {
        let policy = RecordingPolicy { count in count >= 3 ? "raise-urgency" : "none" }
        let h = try await MessagingHarness(now: "2026-04-07T17:40:00+02:00", policy: policy)
        defer { Task { await h.shutdown() } }
        // Three calls from the same number, the first without a patient record.
        let first = try await h.take(patientId: nil, practitionerId: "dr-martin")
        #expect(first["repeat"] == nil)
        h.clock.set(instant("2026-04-07T21:05:00+02:00"))
        let second = try await h.take(callback: "+33612345678", patientId: nil, practitionerId: "dr-martin")
        h.clock.set(instant("2026-04-08T09:15:00+02:00"))
        let third = try await h.take(callback: "06.12.34.56.78", patientId: nil, practitionerId: "dr-martin")

        let ids = [first, second, third].compactMap { $0["message"]?["id"]?.stringValue }
        #expect(second["repeat"]?["count"]?.intValue == 2)
        #expect(second["repeat"]?["phrase"]?.stringValue == "2e appel depuis 17:40")
        let repeatInfo = try #require(third["repeat"])
        #expect(repeatInfo["count"]?.intValue == 3)
        #expect(repeatInfo["phrase"]?.stringValue == "3e appel depuis hier 17:40")
        #expect(repeatInfo["linkedMessageIds"]?.arrayValue?.compactMap(\.stringValue) == Array(ids.prefix(2)))
        #expect(RFC3339.parse(repeatInfo["firstAt"]?.stringValue ?? "") == instant("2026-04-07T17:40:00+02:00"))
        // One thread.
        let threads = Set([first, second, third].compactMap { $0["message"]?["threadId"]?.stringValue })
        #expect(threads == [ids[0]])

        // The policy was asked through the kernel with the right counts.
        #expect(policy.received.map(\.count) == [2, 3])
        #expect(policy.received.last?.phone == "+33612345678")
        #expect(policy.received.last?.openKind == "message")
        #expect(policy.received.last?.openId == ids[0])
        #expect(second["repeat"]?["policy"]?.stringValue == "none")
        #expect(repeatInfo["policy"]?.stringValue == "raise-urgency")

        // raise-urgency: the third message became urgent, due within 2 hours, and paged Dr Martin.
        #expect(repeatInfo["urgencyRaised"]?.boolValue == true)
        #expect(third["message"]?["urgency"]?.stringValue == "urgent")
        #expect(parisLocal(third["message"]?["dueAt"]?.stringValue) == "2026-04-08T11:15")
        let sms = try await h.outbox().filter { $0.channel == "sms" }
        #expect(sms.map(\.destination) == ["+33639981201"])
        #expect(sms.first?.reference == ids[2])
        #expect(h.events.topics().contains("messaging.urgencyRaised"))

        // The thread is visible from any of its messages.
        let got = try await h.ok("messaging.get", ["messageId": .string(ids[1])])
        #expect(got["thread"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == ids)
    }

    @Test func samePatientFromAnotherNumberIsARepeat() async throws {
        let policy = RecordingPolicy()
        let h = try await MessagingHarness(policy: policy)
        defer { Task { await h.shutdown() } }
        _ = try await h.take(callback: "0611111111", patientId: "pat-leroy")
        let again = try await h.take(callback: "0622222222", patientId: "pat-leroy")
        #expect(again["repeat"]?["count"]?.intValue == 2)
        #expect(policy.received.first?.patientId == "pat-leroy")
    }

    @Test func withoutAPolicyTheRepeatIsRecordedAsNoPolicy() async throws {
        let h = try await MessagingHarness()
        defer { Task { await h.shutdown() } }
        _ = try await h.take()
        let again = try await h.take()
        #expect(again["repeat"]?["count"]?.intValue == 2)
        #expect(again["repeat"]?["policy"]?.stringValue == "no policy")
        #expect(again["message"]?["repeatPolicy"]?.stringValue == "no policy")
        #expect(again["message"]?["urgency"]?.stringValue == "normal")
    }

    @Test func completedMessagesAreNotLinked() async throws {
        let policy = RecordingPolicy()
        let h = try await MessagingHarness(policy: policy)
        defer { Task { await h.shutdown() } }
        let first = try await h.take()
        _ = try await h.ok("messaging.complete", ["messageId": first["message"]!["id"]!, "outcome": "calledBack"])
        let again = try await h.take()
        #expect(again["repeat"] == nil)
        #expect(again["message"]?["callCount"]?.intValue == 1)
        #expect(policy.received.isEmpty)
    }

    @Test func pageStaffOutcomeKeepsTheIncident() async throws {
        let policy = RecordingPolicy { _ in "page-staff" }
        let h = try await MessagingHarness(policy: policy)
        defer { Task { await h.shutdown() } }
        _ = try await h.take()
        let again = try await h.take()
        #expect(again["repeat"]?["policy"]?.stringValue == "page-staff")
        #expect(again["repeat"]?["incidentId"]?.stringValue == "inc-1")
        #expect(again["message"]?["repeatIncidentId"]?.stringValue == "inc-1")
    }
}
