import Foundation
import JSONRPC
import Kernel
import Practice
import Testing

@testable import Messaging

@Suite struct TakeMessageTests {
    @Test func fridayEveningMessageIsDueOnTuesdayAfterEasterMonday() async throws {
        // The antenne des Chênes is open Monday to Friday; Easter Monday 2026-04-06 is a holiday.
        let h = try await MessagingHarness(now: "2026-04-03T19:30:00+02:00")
        defer { Task { await h.shutdown() } }
        let result = try await h.take(siteId: "chenes")
        let message = try #require(result["message"])
        // Tuesday 08:30 + 240 minutes of opening hours: 08:30–12:00 (210) then 14:00–14:30.
        #expect(parisLocal(message["dueAt"]?.stringValue) == "2026-04-07T14:30")
        #expect(message["urgency"]?.stringValue == "normal")
        #expect(message["status"]?.stringValue == "open")
        #expect(message["overdue"]?.boolValue == false)
        #expect(result["deadlineText"]?.stringValue == "mardi avant 14 h 30")
        #expect(result["callerNotice"]?.stringValue == "Votre message est transmis : le cabinet vous rappellera mardi avant 14 h 30.")
    }

    @Test func practitionersFirstSiteIsTheDefault() async throws {
        // Dr Roux's schedule lists the antenne first.
        let h = try await MessagingHarness(now: "2026-04-03T19:30:00+02:00")
        defer { Task { await h.shutdown() } }
        let result = try await h.take(practitionerId: "dr-roux")
        #expect(result["message"]?["siteId"]?.stringValue == "chenes")
        #expect(parisLocal(result["message"]?["dueAt"]?.stringValue) == "2026-04-07T14:30")
    }

    @Test func delayIsCountedInOpeningHoursAcrossTheHoliday() async throws {
        // The centre opens on Saturday morning (210 minutes): the remaining 30 minutes run on Tuesday.
        let h = try await MessagingHarness(now: "2026-04-03T19:30:00+02:00")
        defer { Task { await h.shutdown() } }
        let result = try await h.take(siteId: "centre")
        #expect(parisLocal(result["message"]?["dueAt"]?.stringValue) == "2026-04-07T08:30")
    }

    @Test func messageBeforeOpeningCountsFromThatMorning() async throws {
        let h = try await MessagingHarness(now: "2026-04-07T06:15:00+02:00")
        defer { Task { await h.shutdown() } }
        let result = try await h.take(siteId: "chenes")
        #expect(parisLocal(result["message"]?["dueAt"]?.stringValue) == "2026-04-07T14:30")
        #expect(result["deadlineText"]?.stringValue == "aujourd'hui avant 14 h 30")
    }

    @Test func urgentMessageAtTwoInTheMorningPagesThePractitioner() async throws {
        let h = try await MessagingHarness(now: "2026-04-07T02:00:00+02:00")
        defer { Task { await h.shutdown() } }
        let result = try await h.take(
            urgency: "urgent", practitionerId: "dr-martin", category: "results",
            text: "Résultats de prise de sang inquiétants, INR à 6, saignement des gencives.")
        let message = try #require(result["message"])
        let id = try #require(message["id"]?.stringValue)
        let code = try #require(message["code"]?.stringValue)
        // urgentCallbackHours: 2, day and night.
        #expect(parisLocal(message["dueAt"]?.stringValue) == "2026-04-07T04:00")
        #expect(result["callerNotice"]?.stringValue == "Votre demande est transmise en urgence : Dr Claire Martin vous rappellera aujourd'hui avant 4 h.")

        let rows = try await h.outbox()
        #expect(rows.count == 2)
        let webhook = try #require(rows.first { $0.channel == "webhook" })
        #expect(webhook.destination == "*")
        #expect(webhook.event == "messaging.received")
        #expect(webhook.urgency == "urgent")
        let body = try JSONParser.parse(Array(webhook.payload.utf8))
        #expect(body["type"]?.stringValue == "messaging.received")
        #expect(body["data"]?["id"]?.stringValue == id)

        let sms = try #require(rows.first { $0.channel == "sms" })
        #expect(sms.destination == "+33639981201")
        #expect(sms.reference == id)
        #expect(sms.payload == "MSP Tilleuls : message urgent de 02:00, rappel sous 2 h au 06 12 34 56 78. Répondez OK \(code).")
        let measured = SMSText(sms.payload)
        #expect(measured.text == sms.payload, "the outbox holds the text as sent")
        #expect(measured.encoding == .gsm7 && measured.segmentCount == 1)
        // No medical detail in the SMS.
        for word in ["INR", "saignement", "Résultats", "résultats"] { #expect(!sms.payload.contains(word)) }
        #expect(result["delivery"]?["sms"]?["to"]?.stringValue == "+33639981201")

        // Recorded in the contact history, in the same transaction.
        let contacts = try await h.contacts(reference: id)
        #expect(contacts.count == 1)
        #expect(contacts.first?.source == "messaging")
        #expect(contacts.first?.motive == .results)
        #expect(contacts.first?.patientId == "pat-dupont")
        // And the event.
        #expect(h.events.params("messaging.received").first?["id"]?.stringValue == id)
    }

    @Test func urgentMessageWithoutPractitionerGoesToThePracticesNumber() async throws {
        let yaml = ExamplePractice.yaml.replacingOccurrences(
            of: "  overflowThreshold: 3", with: "  overflowThreshold: 3\n  urgentSmsNumber: \"+33 6 39 98 12 99\"")
        let h = try await MessagingHarness(yaml: yaml, now: "2026-04-07T02:00:00+02:00")
        defer { Task { await h.shutdown() } }
        let result = try await h.take(urgency: "urgent")
        #expect(result["delivery"]?["sms"]?["to"]?.stringValue == "+33639981299")
        #expect(try await h.outbox().filter { $0.channel == "sms" }.map(\.destination) == ["+33639981299"])
    }

    @Test func urgentMessageWithNowhereToSendTheSMSSaysSo() async throws {
        let h = try await MessagingHarness(now: "2026-04-07T02:00:00+02:00")
        defer { Task { await h.shutdown() } }
        let result = try await h.take(urgency: "urgent")
        #expect(result["delivery"]?["sms"] == nil)
        #expect(result["delivery"]?["smsSkipped"]?.stringValue != nil)
        #expect(try await h.outbox().map(\.channel) == ["webhook"])
    }

    @Test func normalMessageGoesByWebhookOnly() async throws {
        let h = try await MessagingHarness()
        defer { Task { await h.shutdown() } }
        let result = try await h.take(practitionerId: "dr-martin")
        let rows = try await h.outbox()
        #expect(rows.map(\.channel) == ["webhook"])
        #expect(rows.first?.urgency == "normal")
        #expect(rows.first?.reference == result["message"]?["id"]?.stringValue)
    }

    @Test func callerWithoutPatientRecordIsAccepted() async throws {
        let h = try await MessagingHarness()
        defer { Task { await h.shutdown() } }
        let result = try await h.ok(
            "messaging.take",
            [
                "caller": ["name": "M. Leroy", "phone": "+33 6 11 22 33 44", "relationship": "parent"],
                "category": "admin", "text": "Demande une attestation pour la crèche.", "callbackNumber": "0611223344", "urgency": "normal"
            ])
        #expect(result["message"]?["caller"]?["phone"]?.stringValue == "+33611223344")
        #expect(result["message"]?["callbackNumber"]?.stringValue == "+33611223344")
        #expect(result["message"]?["patientId"] == nil)
    }

    @Test(
        arguments: [
            (["category": "admin", "text": "x", "callbackNumber": "0611223344", "urgency": "normal"] as JSONValue, "caller", -32602),
            (["patientId": "p", "category": "admin", "text": "x", "callbackNumber": "12", "urgency": "normal"], "callbackNumber", -32602),
            (["patientId": "p", "category": "vaccin", "text": "x", "callbackNumber": "0611223344", "urgency": "normal"], "category", -32602),
            (["patientId": "p", "category": "admin", "text": "x", "callbackNumber": "0611223344", "urgency": "vite"], "urgency", -32602),
            (["patientId": "p", "category": "admin", "text": "  ", "callbackNumber": "0611223344", "urgency": "normal"], "text", -32602),
            (["patientId": "p", "category": "admin", "text": "x", "urgency": "normal"], "callbackNumber", -32602),
            (
                [
                    "patientId": "p", "category": "admin", "text": "x", "callbackNumber": "0611223344", "urgency": "normal",
                    "practitionerId": "dr-inconnu"
                ], "practitionerId", -32022
            ),
            (
                [
                    "patientId": "p", "category": "admin", "text": "x", "callbackNumber": "0611223344", "urgency": "normal",
                    "caller": ["phone": "abc"]
                ], "caller.phone", -32602
            )
        ] as [(JSONValue, String, Int)])
    func badInputNamesTheField(_ params: JSONValue, _ field: String, _ code: Int) async throws {
        let h = try await MessagingHarness()
        defer { Task { await h.shutdown() } }
        let error = try #require(await h.error("messaging.take", params))
        #expect(error.code.rawValue == code)
        #expect(error.data?["field"]?.stringValue == field)
        #expect(try await h.outbox().isEmpty)
    }

    @Test func integrationRoleCannotTakeMessages() async throws {
        let h = try await MessagingHarness()
        defer { Task { await h.shutdown() } }
        let error = await h.error(
            "messaging.take",
            [
                "patientId": "p", "category": "admin", "text": "x",
                "callbackNumber": "0611223344", "urgency": "normal"
            ], role: .integration)
        #expect(error?.code == .forbidden)
    }
}
