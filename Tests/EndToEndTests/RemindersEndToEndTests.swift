import Foundation
import JSONRPC
import Testing

/// A practice of four practitioners seeing patients every ten minutes, SMS to a loopback gateway.
private func remindersConfig(gatewayPort: Int) -> String {
    let week = #"{monday: ["08:00-19:00"], tuesday: ["08:00-19:00"], wednesday: ["08:00-19:00"], thursday: ["08:00-19:00"], friday: ["08:00-19:00"]}"#
    let practitioners = (1...4).map { i in
        """
          - id: dr-\(i)
            name: Dr Numéro \(i)
            specialty: médecine générale
            schedule: {centre: \(week)}
            appointmentTypes:
              - {id: consultation, label: Consultation, minutes: 10}
        """
    }.joined(separator: "\n")
    return """
        practice:
          name: Centre médical des Tilleuls
          shortName: CM Tilleuls
          timezone: Europe/Paris
          phone: "+33465710010"
        sites:
          - {id: centre, name: Centre, phoneHours: {monday: ["08:00-19:00"]}}
        practitioners:
        \(practitioners)
        reminders:
          allowedHours: "09:00-20:00"
        waitlist: {offerMinutes: 30}
        notify:
          sms:
            provider: http
            url: http://127.0.0.1:\(gatewayPort)/sms/send
            method: POST
            headers: {Content-Type: application/json}
            body: '{"to": "{to}", "from": "{from}", "text": "{text}"}'
            from: CMTILLEULS
          webhooks: []
        """
}

private func phone(_ i: Int) -> String { String(format: "+336120%05d", i) }

@Suite("Reminders end to end", .serialized)
struct RemindersEndToEndTests {
    @Test("200 appointments tomorrow: at reminder time 200 reminders reach the gateway, opted-out numbers excepted; replies change the appointments")
    func twoHundredReminders() throws {
        let gateway = try HTTPReceiver()
        defer { gateway.stop() }
        // Monday 9 March 2026, 07:00: the appointments are on Tuesday.
        let server = try ServerProcess.tcp(config: remindersConfig(gatewayPort: gateway.port), clock: "2026-03-09T07:00:00+01:00")
        defer { server.stop() }
        let client = try server.client(role: "admin")

        var patients: [String] = []
        for i in 0...201 {
            let p = try client.result(
                "patients.create",
                [
                    "lastName": .string(String(format: "Patient%03d", i)), "firstName": "Test",
                    "birthDate": "1980-01-01", "phone": .string(phone(i))
                ])
            patients.append(try #require(p["id"]?.stringValue))
        }
        var appointments: [String] = []
        for i in 0..<200 {
            let minutes = 9 * 60 + (i / 4) * 10
            let start = String(format: "2026-03-10T%02d:%02d:00+01:00", minutes / 60, minutes % 60)
            let a = try client.result(
                "agenda.book",
                [
                    "practitionerId": .string("dr-\(i % 4 + 1)"), "siteId": "centre", "start": .string(start),
                    "appointmentTypeId": "consultation", "patientId": .string(patients[i])
                ])
            appointments.append(try #require(a["id"]?.stringValue))
        }
        // Two patients opt out first: the practice cancels another appointment of theirs, they answer the notice STOP.
        for i in [198, 199] {
            let extra = try client.result(
                "agenda.book",
                [
                    "practitionerId": "dr-1", "siteId": "centre", "start": .string("2026-03-12T1\(i - 192):00:00+01:00"),
                    "appointmentTypeId": "consultation", "patientId": .string(patients[i])
                ])
            _ = try client.result("agenda.cancel", ["appointmentId": extra["id"]!, "reason": "médecin en formation", "byPractice": true])
            let stop = try client.result("notify.inboundSms", ["from": .string(phone(i)), "text": "STOP"])
            #expect(stop["handledBy"] == "agenda")
        }
        let optOuts = try client.result("notify.optOuts")
        #expect(optOuts["items"]?.arrayValue?.compactMap { $0["phone"]?.stringValue } == [phone(198), phone(199)])
        let before = gateway.waitFor(count: 4, seconds: 10)
        try #require(before.count == 4, "notices and STOP confirmations: \(before.count)")
        // Patients 200 then 201 wait for any consultation.
        for i in [200, 201] { _ = try client.result("waitlist.add", ["patientId": .string(patients[i]), "appointmentTypeId": "consultation"]) }

        // Nothing is due before the reminders' time; at 19:00 (still inside the allowed hours, which
        // end at 20:00) every reminder of the day has gone.
        _ = try client.result("kernel.clock.set", ["at": "2026-03-09T19:00:00+01:00"])
        let all = gateway.waitFor(count: 4 + 198, seconds: 30)
        try #require(all.count == 4 + 198, "reminders at the gateway: \(all.count - 4)")
        let reminders = try all.dropFirst(4).map { try JSONParser.parse(Array($0.body.utf8)) }
        let recipients = reminders.compactMap { $0["to"]?.stringValue }
        #expect(Set(recipients) == Set((0..<198).map(phone)))
        #expect(recipients.count == 198)
        #expect(reminders.allSatisfy { $0["text"]?.stringValue?.contains("RDV le mardi 10/03") == true })
        let listed = try client.allPages("reminders.list", ["from": "2026-03-10T00:00:00+01:00", "to": "2026-03-11T00:00:00+01:00"])
        let statuses = listed.compactMap { $0["status"]?.stringValue }
        #expect(statuses.filter { $0 == "sent" }.count == 198)
        #expect(statuses.filter { $0 == "skipped" }.count == 2)

        // Replies through notify.inboundSms.
        let yes = try client.result("notify.inboundSms", ["from": .string(phone(0)), "text": "Oui merci"])
        #expect(yes["handledBy"] == "agenda")
        let cancel = try client.result("notify.inboundSms", ["from": .string(phone(1)), "text": "ANNULER"])
        #expect(cancel["reference"]?.stringValue == appointments[1])
        let other = try client.result("notify.inboundSms", ["from": .string(phone(2)), "text": "Je serai en retard de 10 minutes"])
        #expect(other["handledBy"] == "agenda")
        let stop = try client.result("notify.inboundSms", ["from": .string(phone(3)), "text": "stop"])
        #expect(stop["handledBy"] == "agenda")

        let cancelled = try client.result("agenda.patientAppointments", ["patientId": .string(patients[1])])
        #expect(cancelled["items"]?[0]?["status"] == "cancelled")
        let confirmed = try client.result("reminders.list", ["from": "2026-03-10T09:00:00+01:00", "to": "2026-03-10T09:01:00+01:00"])
        #expect(confirmed["items"]?.arrayValue?.compactMap { $0["status"]?.stringValue }.sorted() == ["cancelled", "confirmed", "forwarded", "optedOut"])
        let queue = try client.result("messaging.list")
        let item = queue["messages"]?.arrayValue?.first { $0["kind"] == "patientReply" }
        #expect(item?["text"]?.stringValue?.contains("en retard") == true, "\(JSONWriter.string(queue))")
        #expect(item?["origin"]?["reference"]?.stringValue == appointments[2])
        // A secretary has it before the appointment (09:00 tomorrow), not a week later.
        #expect(item?["dueAt"] == "2026-03-10T08:00:00+01:00")
        #expect(try client.result("notify.optOuts")["items"]?.arrayValue?.count == 3)

        // The freed slot went to the patient waiting longest; unanswered for 30 minutes, it goes to the next, whose OUI books it.
        let offer = try gateway.waitFor(seconds: 10) { $0.body.contains(phone(200)) }
        #expect(offer.body.contains("se libère le mardi 10/03 à 9h"))
        _ = try client.result("kernel.clock.set", ["advanceSeconds": 1799])
        _ = try client.result("kernel.ping")
        #expect(!gateway.waitFor(count: 0, seconds: 0).contains { $0.body.contains(phone(201)) })
        _ = try client.result("kernel.clock.set", ["advanceSeconds": 1])
        let next = try gateway.waitFor(seconds: 10) { $0.body.contains(phone(201)) }
        #expect(next.body.contains("se libère le mardi 10/03 à 9h"))
        let taken = try client.result("notify.inboundSms", ["from": .string(phone(201)), "text": "OUI"])
        #expect(taken["handledBy"] == "agenda")
        let booked = try client.result("agenda.patientAppointments", ["patientId": .string(patients[201])])
        #expect(booked["items"]?[0]?["status"] == "booked")
        #expect(booked["items"]?[0]?["start"] == "2026-03-10T09:00:00+01:00")

        // A secretary records patient 3's consent again.
        let optIn = try client.result("notify.optIn", ["phone": .string(phone(3))])
        #expect(optIn["removed"] == true)
        #expect(try client.result("notify.optOuts")["items"]?.arrayValue?.count == 2)
    }
}

extension JSONValue {
    fileprivate subscript(index: Int) -> JSONValue? {
        guard let a = arrayValue, a.indices.contains(index) else { return nil }
        return a[index]
    }
}
