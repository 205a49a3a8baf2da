import Foundation
import JSONRPC
import Kernel
import Practice
import Testing

@testable import Messaging

@Suite struct CallbackQueueTests {
    @Test func queueIsOrderedByDeadlineAndFiltered() async throws {
        let h = try await MessagingHarness(now: "2026-04-07T10:00:00+02:00")
        defer { Task { await h.shutdown() } }
        let normal = try await h.take(callback: "0611111111", patientId: "a", practitionerId: "dr-martin")
        let urgent = try await h.take(urgency: "urgent", callback: "0622222222", patientId: "b", practitionerId: "dr-benali")
        let list = try await h.ok("messaging.list", [:])
        #expect(list["count"]?.intValue == 2)
        #expect(
            list["messages"]?.arrayValue?.compactMap { $0["id"]?.stringValue }
                == [urgent["message"]!["id"]!.stringValue!, normal["message"]!["id"]!.stringValue!])
        let forMartin = try await h.ok("messaging.list", ["practitionerId": "dr-martin"])
        #expect(forMartin["messages"]?.arrayValue?.map { $0["id"] } == [normal["message"]!["id"]])
        let dueSoon = try await h.ok("messaging.list", ["dueBefore": "2026-04-07T13:00:00+02:00"])
        #expect(dueSoon["messages"]?.arrayValue?.map { $0["id"] } == [urgent["message"]!["id"]])
        let unknown = await h.error("messaging.list", ["practitionerId": "dr-x"])
        #expect(unknown?.data?["field"]?.stringValue == "practitionerId")
        let badStatus = await h.error("messaging.list", ["status": "lost"])
        #expect(badStatus?.data?["field"]?.stringValue == "status")
    }

    @Test func overdueMessagesAreFlaggedInLists() async throws {
        let h = try await MessagingHarness(now: "2026-04-07T10:00:00+02:00")
        defer { Task { await h.shutdown() } }
        _ = try await h.take(urgency: "urgent")
        _ = try await h.take(callback: "0699999999", patientId: "other")
        h.clock.set(instant("2026-04-07T12:01:00+02:00"))
        let list = try await h.ok("messaging.list", [:])
        #expect(list["overdueCount"]?.intValue == 1)
        #expect(list["messages"]?.arrayValue?.map { $0["overdue"]?.boolValue } == [true, false])
        let overdue = try await h.ok("messaging.list", ["status": "overdue"])
        #expect(overdue["count"]?.intValue == 1)
    }

    @Test func assignCompleteAndReopen() async throws {
        let h = try await MessagingHarness(now: "2026-04-07T10:00:00+02:00")
        defer { Task { await h.shutdown() } }
        let taken = try await h.take(practitionerId: "dr-martin")
        let id = taken["message"]!["id"]!

        let assigned = try await h.ok("messaging.assign", ["messageId": id, "assignee": "dr-martin"])
        #expect(assigned["status"]?.stringValue == "assigned")
        #expect(assigned["assignee"]?.stringValue == "dr-martin")
        let byDefault = try await h.ok("messaging.assign", ["messageId": id])
        #expect(byDefault["assignee"]?.stringValue == "secretaire-1")

        h.clock.set(instant("2026-04-07T11:00:00+02:00"))
        let done = try await h.ok("messaging.complete", ["messageId": id, "outcome": "calledBack", "note": "RDV déplacé à jeudi."])
        #expect(done["status"]?.stringValue == "completed")
        #expect(done["outcome"]?.stringValue == "calledBack")
        #expect(done["completedBy"]?.stringValue == "secretaire-1")
        #expect(try await h.ok("messaging.list", [:])["count"]?.intValue == 0)
        #expect(try await h.ok("messaging.list", ["status": "completed"])["count"]?.intValue == 1)
        // The callback is in the contact history too.
        let contacts = try await h.contacts(reference: id.stringValue!)
        #expect(contacts.map(\.direction) == [.inbound, .outbound])
        #expect(contacts.last?.outcome == "calledBack")

        let again = await h.error("messaging.complete", ["messageId": id, "outcome": "calledBack"])
        #expect(again?.code == .conflict)
        let assignCompleted = await h.error("messaging.assign", ["messageId": id])
        #expect(assignCompleted?.code == .conflict)

        let reopened = try await h.ok("messaging.reopen", ["messageId": id, "reason": "La patiente rappelle : pas de RDV jeudi."])
        #expect(reopened["status"]?.stringValue == "assigned")
        #expect(reopened["outcome"] == nil)
        // A new deadline from now: next business day (Wednesday) 08:00 + 240 minutes at the centre.
        #expect(parisLocal(reopened["dueAt"]?.stringValue) == "2026-04-08T12:00")
        let reopenOpen = await h.error("messaging.reopen", ["messageId": id])
        #expect(reopenOpen?.code == .conflict)
        #expect(h.events.topics().suffix(3) == ["messaging.assigned", "messaging.completed", "messaging.reopened"])
    }

    @Test func unknownMessageIsNotFound() async throws {
        let h = try await MessagingHarness()
        defer { Task { await h.shutdown() } }
        for method in ["messaging.assign", "messaging.reopen", "messaging.get"] {
            let e = await h.error(method, ["messageId": "mes_nope"])
            #expect(e?.code == .notFound)
            #expect(e?.data?["field"]?.stringValue == "messageId")
        }
        let bad = await h.error("messaging.complete", ["messageId": "mes_nope", "outcome": "maybe"])
        #expect(bad?.data?["field"]?.stringValue == "outcome")
    }

    @Test func overdueMessagesArePushedOnceByTheWorker() async throws {
        let h = try await MessagingHarness(now: "2026-04-07T10:00:00+02:00")
        defer { Task { await h.shutdown() } }
        let first = try await h.take(urgency: "urgent", callback: "0611111111", patientId: "a") // due 12:00
        let second = try await h.take(urgency: "urgent", callback: "0622222222", patientId: "b")
        _ = try await h.ok("messaging.complete", ["messageId": second["message"]!["id"]!, "outcome": "calledBack"])
        // Past the deadline: the worker, asleep on the manual clock, wakes and reports it.
        h.clock.set(instant("2026-04-07T12:00:00+02:00"))
        let event = try await h.events.wait("messaging.overdue")
        #expect(event["id"] == first["message"]!["id"])
        #expect(event["overdue"]?.boolValue == true)

        // Later, a new message falls due; the first is not pushed again in between.
        h.clock.set(instant("2026-04-07T13:00:00+02:00"))
        let third = try await h.take(urgency: "urgent", callback: "0633333333", patientId: "c") // due 15:00
        h.clock.set(instant("2026-04-07T15:30:00+02:00"))
        let next = try await h.events.wait("messaging.overdue", index: 1)
        #expect(next["id"] == third["message"]!["id"])
        #expect(h.events.params("messaging.overdue").count == 2)
        // Each one also went to the practice's webhooks.
        let webhooks = try await h.outbox().filter { $0.event == "messaging.overdue" }
        #expect(webhooks.map(\.reference) == [first, third].map { $0["message"]!["id"]!.stringValue })
        #expect(webhooks.allSatisfy { $0.destination == "*" && $0.channel == "webhook" })
    }

    @Test func reopenedMessageCanBeReportedOverdueAgain() async throws {
        let h = try await MessagingHarness(now: "2026-04-07T10:00:00+02:00")
        defer { Task { await h.shutdown() } }
        let taken = try await h.take(urgency: "urgent")
        let id = taken["message"]!["id"]!
        h.clock.set(instant("2026-04-07T12:30:00+02:00"))
        _ = try await h.events.wait("messaging.overdue")
        _ = try await h.ok("messaging.complete", ["messageId": id, "outcome": "unreachable"])
        _ = try await h.ok("messaging.reopen", ["messageId": id]) // due 14:30
        h.clock.set(instant("2026-04-07T14:31:00+02:00"))
        let again = try await h.events.wait("messaging.overdue", index: 1)
        #expect(again["id"] == id)
    }
}
