import Foundation
import JSONRPC
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

    @Test func aRepeatCallKeepsTheFirstPromiseAndSaysSo() async throws {
        let policy = RecordingPolicy()
        let h = try await MessagingHarness(now: "2026-04-07T10:00:00+02:00", policy: policy)
        defer { Task { await h.shutdown() } }
        let first = try await h.take()
        let promised = try #require(first["message"]?["dueAt"]?.stringValue)
        #expect(first["callerNotice"]?.stringValue?.hasPrefix("Votre message est transmis") == true)
        // The next morning the patient calls again: on its own this call would be due a day later.
        h.clock.set(instant("2026-04-08T09:00:00+02:00"))
        let again = try await h.take(text: "Rappelle : personne ne l'a rappelée.")
        #expect(again["message"]?["dueAt"]?.stringValue == promised)
        #expect(again["message"]?["threadId"] == first["message"]?["id"])
        #expect(again["repeat"]?["alreadyRegistered"]?.boolValue == true)
        #expect(again["repeat"]?["missedCalls"]?.arrayValue?.isEmpty == true)
        let deadline = try #require(again["deadlineText"]?.stringValue)
        #expect(deadline.hasPrefix("aujourd'hui avant"))
        #expect(again["callerNotice"]?.stringValue == "Votre demande est déjà enregistrée : le cabinet vous rappellera \(deadline).")
        #expect(policy.received.map(\.count) == [2])
        // The queue's earliest deadline is still the first promise.
        let queue = try await h.ok("messaging.list", [:])
        #expect(queue["messages"]?.arrayValue?.compactMap { $0["dueAt"]?.stringValue } == [promised, promised])
    }

    @Test func raisingUrgencyOnARepeatOnlyBringsTheDeadlineEarlier() async throws {
        let policy = RecordingPolicy { _ in "raise-urgency" }
        let h = try await MessagingHarness(now: "2026-04-07T10:00:00+02:00", policy: policy)
        defer { Task { await h.shutdown() } }
        let first = try await h.take(urgency: "urgent", practitionerId: "dr-martin")
        #expect(parisLocal(first["message"]?["dueAt"]?.stringValue) == "2026-04-07T12:00")
        // An hour later: raised to urgent, this call alone would be due at 13:00; the first promise (12:00) holds.
        h.clock.set(instant("2026-04-07T11:00:00+02:00"))
        let again = try await h.take(practitionerId: "dr-martin")
        #expect(again["repeat"]?["urgencyRaised"]?.boolValue == true)
        #expect(parisLocal(again["message"]?["dueAt"]?.stringValue) == "2026-04-07T12:00")
        #expect(
            again["callerNotice"]?.stringValue
                == "Votre demande est déjà enregistrée et traitée en urgence : Dr Claire Martin vous rappellera aujourd'hui avant 12 h.")
    }

    @Test func aPromiseAlreadyPastIsNotToldAsATime() async throws {
        let h = try await MessagingHarness(now: "2026-04-07T10:00:00+02:00")
        defer { Task { await h.shutdown() } }
        let first = try await h.take()
        let promised = try #require(first["message"]?["dueAt"]?.stringValue)
        h.clock.set(try #require(RFC3339.parse(promised)).addingTimeInterval(3600))
        let again = try await h.take()
        #expect(again["message"]?["dueAt"]?.stringValue == promised)
        #expect(again["message"]?["overdue"]?.boolValue == true)
        #expect(again["deadlineText"]?.stringValue == "dès que possible")
        #expect(again["callerNotice"]?.stringValue == "Votre demande est déjà enregistrée : le cabinet vous rappellera dès que possible.")
    }

    @Test func anAbandonedCallFromTheNumberCountsAsARepeat() async throws {
        let policy = RecordingPolicy()
        let h = try await MessagingHarness(now: "2026-04-08T09:00:00+02:00", policy: policy)
        defer { Task { await h.shutdown() } }
        // « J'ai appelé hier, personne n'a répondu »: an abandoned call yesterday evening, and an
        // answered one (it is no missed call), from the number the patient calls from today.
        _ = try await h.ok(
            "contacts.record",
            [
                "channel": "phone", "direction": "inbound", "caller": ["phone": "06 98 76 54 32", "relationship": "self"],
                "motive": "appointment", "offeredAt": "2026-04-07T18:20:00+02:00", "abandonedAt": "2026-04-07T18:21:30+02:00"
            ])
        _ = try await h.ok(
            "contacts.record",
            [
                "channel": "phone", "direction": "inbound", "caller": ["phone": "06 98 76 54 32", "relationship": "self"],
                "motive": "appointment", "offeredAt": "2026-04-07T11:00:00+02:00", "answeredAt": "2026-04-07T11:00:20+02:00"
            ])
        let taken = try await h.take(callback: "06 98 76 54 32")
        let info = try #require(taken["repeat"])
        #expect(info["count"]?.intValue == 2)
        #expect(info["phrase"]?.stringValue == "2e appel depuis hier 18:20")
        #expect(info["alreadyRegistered"]?.boolValue == false)
        #expect(info["linkedMessageIds"]?.arrayValue?.isEmpty == true)
        let missed = try #require(info["missedCalls"]?.arrayValue)
        #expect(missed.count == 1)
        #expect(missed.first?["source"]?.stringValue == "practice")
        #expect(parisLocal(missed.first?["abandonedAt"]?.stringValue) == "2026-04-07T18:21")
        #expect(taken["message"]?["callCount"]?.intValue == 2)
        #expect(taken["callerNotice"]?.stringValue?.hasPrefix("Votre message est transmis") == true)
        #expect(policy.received.first?.count == 2)
        #expect(policy.received.first?.openId == taken["message"]?["id"]?.stringValue)
        #expect(policy.received.first?.firstAt == instant("2026-04-07T18:20:00+02:00"))

        // The patient's history shows the abandoned call: it came from the number they called back on.
        let history = try await h.ok("contacts.history", ["patientId": "pat-dupont"])
        let kinds = history["entries"]?.arrayValue?.map { "\($0["match"]?.stringValue ?? "")/\($0["abandonedAt"] != nil)" }
        #expect(kinds == ["phone/false", "phone/true", "patient/false"])
    }

    @Test func missedCallsOutsideTheWindowAreNoRepeat() async throws {
        let h = try await MessagingHarness(now: "2026-04-08T09:00:00+02:00", policy: RecordingPolicy())
        defer { Task { await h.shutdown() } }
        _ = try await h.ok(
            "contacts.record",
            [
                "channel": "phone", "direction": "inbound", "caller": ["phone": "06 98 76 54 32", "relationship": "self"],
                "motive": "appointment", "offeredAt": "2026-04-07T08:30:00+02:00", "abandonedAt": "2026-04-07T08:31:00+02:00"
            ])
        let taken = try await h.take(callback: "06 98 76 54 32")
        #expect(taken["repeat"] == nil)
        #expect(taken["message"]?["callCount"]?.intValue == 1)
    }
}
