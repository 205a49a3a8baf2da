import Foundation
import JSONRPC
import Testing

/// `calls.identify`: the sheet a console opens when a call arrives, in one round trip, over TCP.
@Suite struct CallsIdentifyEndToEndTests {
    @Test("a known caller: the practice and its mode, the patient, a repeat call, the appointment to come, the open message and incident")
    func knownCaller() throws {
        let server = try ServerProcess.tcp(clock: "2026-03-10T10:00:00+01:00")
        defer { server.stop() }
        let admin = try server.client()
        let secretary = try server.client(role: "secretary")
        let patient = try admin.result(
            "patients.create",
            [
                "lastName": "Garnier", "firstName": "Lucie", "birthDate": "1975-05-05",
                "phone": "06 12 34 77 66"
            ])
        let patientId = try #require(patient["id"]?.stringValue)
        let slots = try admin.result(
            "agenda.findSlots",
            [
                "practitionerIds": ["dr-benali"], "appointmentTypeId": "consultation",
                "from": "2026-03-11T00:00:00+01:00", "limit": 1
            ])
        let slot = try #require(slots.arrayValue?.first)
        let booked = try admin.result(
            "agenda.book",
            [
                "practitionerId": "dr-benali", "appointmentTypeId": "consultation",
                "start": slot["start"]!, "siteId": slot["siteId"]!, "patientId": .string(patientId)
            ])
        let message = try admin.result(
            "messaging.take",
            [
                "patientId": .string(patientId), "category": "results", "urgency": "normal",
                "text": "Rappeler pour les résultats", "callbackNumber": "06 12 34 77 66"
            ])
        let incident = try admin.result(
            "escalation.raise",
            [
                "caller": "+33612347766", "reason": "Fièvre chez un nourrisson",
                "urgency": "urgent", "patientId": .string(patientId)
            ])
        _ = try admin.result(
            "contacts.record",
            [
                "channel": "phone", "direction": "inbound", "patientId": .string(patientId),
                "caller": ["relationship": "self", "phone": "06 12 34 77 66"], "motive": "results",
                "offeredAt": "2026-03-10T09:40:00+01:00"
            ])

        let sheet = try secretary.result("calls.identify", ["dialled": "04 65 71 00 10", "caller": "06 12 34 77 66"])
        #expect(sheet["practice"]?["id"] == "msp-tilleuls")
        #expect(sheet["practice"]?["mode"] == "open") // a Tuesday at 10:00
        #expect(sheet["caller"] == "+33612347766")
        #expect(sheet["patients"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == [patientId])
        #expect(sheet["recentContacts"]?.intValue ?? 0 >= 1, "\(sheet)")
        let appointments = sheet["sections"]?["appointments"]?.arrayValue ?? []
        #expect(appointments.compactMap { $0["appointmentId"]?.stringValue } == [booked["id"]?.stringValue].compactMap { $0 }, "\(sheet)")
        let messages = sheet["sections"]?["messages"]?.arrayValue ?? []
        #expect(messages.compactMap { $0["code"]?.stringValue } == [message["message"]?["code"]?.stringValue].compactMap { $0 }, "\(sheet)")
        #expect(!JSONWriter.string(sheet).contains("Rappeler pour les résultats"), "message texts stay in messaging.get")
        let incidents = sheet["sections"]?["incidents"]?.arrayValue ?? []
        #expect(appointments.count == 1 && messages.count == 1 && incidents.count == 1, "\(sheet)")
        #expect(incidents.compactMap { $0["code"]?.stringValue } == [incident["incident"]?["code"]?.stringValue].compactMap { $0 }, "\(sheet)")

        // An unknown caller: the practice and empty sections, nothing of anyone else.
        let stranger = try secretary.result("calls.identify", ["dialled": "+33465710010", "caller": "+33612340000"])
        #expect(stranger["patients"] == [])
        #expect(stranger["recentContacts"] == 0)
        #expect(stranger["sections"]?["appointments"] == [] && stranger["sections"]?["messages"] == [] && stranger["sections"]?["incidents"] == [])

        // A number the practice does not answer on, a malformed one: errors naming the field.
        let unknown = try secretary.call("calls.identify", ["dialled": "+33465719999"])
        #expect(unknown["error"]?["code"] == -32004 && unknown["error"]?["data"]?["field"] == "dialled", "\(unknown)")
        let malformed = try secretary.call("calls.identify", ["dialled": "abc"])
        #expect(malformed["error"]?["code"] == -32602 && malformed["error"]?["data"]?["field"] == "dialled", "\(malformed)")
        let forbidden = try server.client(role: "integration").call("calls.identify", ["dialled": "+33465710010"])
        #expect(forbidden["error"]?["code"] == -32002)
    }

    @Test("a repeat call is counted within the practice's repeat-caller window")
    func repeatWindow() throws {
        let example = try Executable.run(["config", "example"]).stdout
        let config = example.replacingOccurrences(of: "    windowHours: 24 ", with: "    windowHours: 2  ")
        #expect(config != example)
        let server = try ServerProcess.tcp(config: config, clock: "2026-03-10T10:00:00+01:00")
        defer { server.stop() }
        let admin = try server.client()
        for at in ["2026-03-10T07:00:00+01:00", "2026-03-10T09:00:00+01:00"] { // 3 h and 1 h before the call
            _ = try admin.result(
                "contacts.record",
                [
                    "channel": "phone", "direction": "inbound", "motive": "appointment",
                    "caller": ["relationship": "self", "phone": "06 12 34 55 44"], "offeredAt": .string(at)
                ])
        }
        let sheet = try admin.result("calls.identify", ["dialled": "+33465710010", "caller": "06 12 34 55 44"])
        #expect(sheet["recentContacts"] == 1, "\(sheet)")
        #expect(sheet["lastContactAt"]?.stringValue?.hasPrefix("2026-03-10T09:00:00") == true, "\(sheet)")
    }
}
