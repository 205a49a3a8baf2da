import Foundation
import JSONRPC
import PermanenceTesting
import Testing

/// The practice's own software hears of its agenda by signed webhook, and a subscription to an
/// event no module sends is refused where it is written.
@Suite struct AgendaWebhooksEndToEndTests {
    @Test func bookingCancellingAndReschedulingReachTheSubscribedEndpointSigned() throws {
        let receiver = try HTTPReceiver()
        defer { receiver.stop() }
        let server = try ServerProcess.tcp(
            config: try MessagingEndToEndTests.configuration(receiver: receiver),
            clock: NewPatientEndToEndTests.monday)
        defer { server.stop() }
        let secretary = try server.client(role: "secretary")
        let hello = try secretary.result("initialize", ["token": .string(try server.token(role: "secretary", name: "again"))])
        #expect(hello["webhookEvents"]?.arrayValue?.contains("agenda.booked") == true, "\(hello)")
        let patient = try #require(
            try secretary.result(
                "patients.create",
                [
                    "lastName": "Garnier", "firstName": "Lucie", "birthDate": "1985-02-11", "phone": "06 39 98 10 07"
                ])["id"]?.stringValue)
        let slots = try #require(
            try secretary.result(
                "agenda.findSlots",
                [
                    "appointmentTypeId": "consultation", "practitionerIds": ["dr-benali"], "from": "2026-03-02T00:00:00+01:00", "limit": 2
                ]
            ).arrayValue)
        try #require(slots.count == 2)
        let booked = try secretary.result(
            "agenda.book",
            [
                "practitionerId": slots[0]["practitionerId"]!, "siteId": slots[0]["siteId"]!, "start": slots[0]["start"]!,
                "appointmentTypeId": "consultation", "patientId": .string(patient), "notes": "Préfère être appelée après 18h"
            ])
        let id = try #require(booked["id"]?.stringValue)

        func hook(_ event: String, _ reference: (JSONValue) -> JSONValue?) throws -> JSONValue {
            let request = try receiver.waitFor { r in
                guard r.path == "/hooks/permanence", let body = try? JSONParser.parse(r.body) else { return false }
                return body["type"]?.stringValue == event && reference(body)?.stringValue == id
            }
            #expect(MessagingEndToEndTests.signatureIsValid(request, secret: MessagingEndToEndTests.secret), "bad signature: \(request.headers)")
            #expect(!request.body.contains("18h"), "the secretary's notes left the agenda: \(request.body)")
            return try JSONParser.parse(request.body)
        }
        let bookedHook = try hook("agenda.booked") { $0["data"]?["id"] }
        #expect(bookedHook["data"]?["patientId"]?.stringValue == patient)
        #expect(bookedHook["data"]?["start"] == slots[0]["start"])

        let moved = try secretary.result("agenda.reschedule", ["appointmentId": .string(id), "start": slots[1]["start"]!])
        let movedHook = try hook("agenda.rescheduled") { $0["data"]?["from"]?["id"] }
        #expect(movedHook["data"]?["to"]?["id"] == moved["to"]?["id"])

        let newId = try #require(moved["to"]?["id"]?.stringValue)
        _ = try secretary.result("agenda.cancel", ["appointmentId": .string(newId), "reason": "La patiente a trouvé un autre créneau"])
        let cancelled = try receiver.waitFor { r in
            r.path == "/hooks/permanence" && (try? JSONParser.parse(r.body))?["type"] == "agenda.cancelled"
        }
        #expect(try JSONParser.parse(cancelled.body)["data"]?["id"]?.stringValue == newId)
        // The on-call endpoint is subscribed to escalation events only.
        #expect(!receiver.received.contains { $0.path == "/hooks/astreinte" && $0.body.contains("agenda.") })
    }

    @Test func aSubscriptionToAnEventNobodySendsIsRefusedWithItsPathAndTheEventsSent() throws {
        let example = try Executable.run(["config", "example"]).stdout
        let wrong = example.replacingOccurrences(of: #""agenda.*"]"#, with: "agenda.changed]")
        try #require(wrong != example)
        let dir = try Executable.temporaryDirectory()
        let file = dir.appendingPathComponent("practice.yaml")
        try wrong.write(to: file, atomically: true, encoding: .utf8)
        let out = try Executable.run(["config", "check", file.path])
        #expect(out.status != 0)
        #expect(out.stderr.contains("notify.webhooks[0].events[4]") && out.stderr.contains("agenda.changed"), "\(out.stderr)")
        #expect(out.stderr.contains("line "), "\(out.stderr)")
        #expect(out.stderr.contains("events sent: agenda.booked, agenda.cancelled, agenda.rescheduled"), "\(out.stderr)")
    }
}
