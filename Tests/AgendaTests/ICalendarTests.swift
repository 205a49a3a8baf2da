import Foundation
import JSONRPC
import Kernel
import Testing

@testable import Agenda

@Suite struct ICalendarTests {
    /// A practice day with three appointments, one of them cancelled and one moved.
    func bookedDay() async throws -> (AgendaHarness, String) {
        let h = try await AgendaHarness()
        let a = try await h.ok(
            "agenda.book",
            [
                "practitionerId": "dr-benali", "siteId": "chenes", "start": paris("2026-03-02", "08:30"),
                "appointmentTypeId": "consultation", "patientId": "pat-dupont", "notes": "douleur thoracique"
            ])
        let b = try await h.ok(
            "agenda.book",
            [
                "practitionerId": "dr-benali", "siteId": "chenes", "start": paris("2026-03-02", "09:10"),
                "appointmentTypeId": "consultation", "patientId": "pat-garcia"
            ])
        _ = try await h.ok("agenda.cancel", ["appointmentId": a["id"]!, "reason": "empêchement"])
        h.clock.advance(by: 60)
        _ = try await h.ok("agenda.reschedule", ["appointmentId": b["id"]!, "start": paris("2026-03-02", "10:30")])
        let ics = try await h.ok("agenda.ics", ["practitionerId": "dr-benali"])
        #expect(ics["events"] == 3)
        return (h, ics["calendar"]!.stringValue!)
    }

    @Test func calendarFollowsRFC5545() async throws {
        let (_, text) = try await bookedDay()
        #expect(text.hasPrefix("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:"))
        #expect(text.hasSuffix("END:VCALENDAR\r\n"))
        // Every line ends with CRLF and no physical line exceeds 75 octets.
        let physical = text.components(separatedBy: "\r\n").dropLast()
        #expect(physical.allSatisfy { $0.utf8.count <= 75 && !$0.contains("\n") && !$0.contains("\r") })
        // Unfolded content.
        let unfolded = text.replacingOccurrences(of: "\r\n ", with: "")
        #expect(unfolded.components(separatedBy: "BEGIN:VEVENT").count == 4)
        #expect(unfolded.contains("STATUS:CANCELLED"))
        #expect(unfolded.contains("STATUS:CONFIRMED"))
        #expect(unfolded.contains("SEQUENCE:1"))
        #expect(unfolded.contains("DTSTART:20260302T073000Z"))
        #expect(unfolded.contains("SUMMARY:GARCIA Lucía\\, dite « Lulu »\\; née à Séville — Consultation"))
        #expect(!unfolded.contains("thoracique")) // no medical detail
        #expect(text.contains("\r\n ")) // the long summary or location was folded
    }

    @Test func uidIsStableAndSequenceRises() async throws {
        let h = try await AgendaHarness()
        let a = try await h.ok(
            "agenda.book",
            [
                "practitionerId": "dr-benali", "siteId": "chenes", "start": paris("2026-03-02", "08:30"),
                "appointmentTypeId": "consultation", "patientId": "pat-dupont"
            ])
        let before = try await h.ok("agenda.ics", ["practitionerId": "dr-benali"])["calendar"]!.stringValue!
        _ = try await h.ok("agenda.setStatus", ["appointmentId": a["id"]!, "status": "arrived"])
        let after = try await h.ok("agenda.ics", ["practitionerId": "dr-benali"])["calendar"]!.stringValue!
        let uid = "UID:\(a["id"]!.stringValue!)@permanence"
        #expect(before.contains(uid) && after.contains(uid))
        #expect(before.contains("SEQUENCE:0") && after.contains("SEQUENCE:1"))
    }

    @Test func foldingNeverSplitsAUTF8Character() {
        let line = "SUMMARY:" + String(repeating: "é", count: 100)
        let folded = ICalendarWriter.fold(line)
        for part in folded.components(separatedBy: "\r\n").dropLast() {
            #expect(part.utf8.count <= 75)
            #expect(String(data: Data(part.utf8), encoding: .utf8) != nil)
        }
        #expect(folded.replacingOccurrences(of: "\r\n ", with: "") == line + "\r\n")
    }

    @Test func pythonIcalendarParsesIt() async throws {
        let (_, text) = try await bookedDay()
        try Python.require("icalendar")
        let dir = try Python.temporaryDirectory()
        let file = dir.appendingPathComponent("agenda.ics")
        try Data(text.utf8).write(to: file)
        let out = try Python.run(
            """
            import sys, json, icalendar
            cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
            events = [{"uid": str(e['UID']), "status": str(e['STATUS']), "sequence": int(e['SEQUENCE']),
                       "start": e['DTSTART'].dt.isoformat(), "summary": str(e['SUMMARY'])} for e in cal.walk('VEVENT')]
            print(json.dumps({"version": str(cal['VERSION']), "prodid": str(cal['PRODID']), "events": events}))
            """, arguments: [file.path])
        let v = try JSONParser.parse(Array(out.utf8))
        #expect(v["version"] == "2.0")
        let events = v["events"]?.arrayValue ?? []
        #expect(events.count == 3)
        #expect(events.filter { $0["status"] == "CANCELLED" }.count == 2) // cancelled, and the old one of the move
        #expect(events.contains { $0["summary"] == "GARCIA Lucía, dite « Lulu »; née à Séville — Consultation" })
        #expect(events.contains { $0["start"] == "2026-03-02T09:30:00+00:00" })
    }

    @Test func radicaleStoresAndReturnsEachEvent() async throws {
        let (h, _) = try await bookedDay()
        try Python.require("radicale")
        let appointments = try await h.host.store.read { db in
            try AgendaStore.appointments(
                practitionerId: "dr-benali", from: instant("2026-03-01T00:00:00Z"), to: instant("2026-03-10T00:00:00Z"), practiceId: h.host.practiceId, in: db)
        }
        let writer = ICalendarWriter(calendarName: "Dr Benali", locations: ["chenes": "Antenne des Chênes, 3 rue Jean-Moulin"])
        let dir = try Python.temporaryDirectory()
        var names: [String] = []
        for a in appointments {
            let name = "\(a.id).ics"
            try Data(writer.calendar([a]).utf8).write(to: dir.appendingPathComponent(name))
            names.append(name)
        }
        let radicale = try RadicaleServer(storage: dir.appendingPathComponent("collections"))
        defer { radicale.stop() }
        let out = try Python.run(
            """
            import sys, json, http.client, base64
            port, folder, names = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
            auth = {"Authorization": "Basic " + base64.b64encode(b"secretariat:x").decode()}
            def req(method, path, body=None, headers={}):
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                c.request(method, path, body=body, headers={**auth, **headers})
                r = c.getresponse(); data = r.read(); c.close()
                return r.status, data
            results = {"mkcol": req("MKCALENDAR", "/secretariat/agenda/")[0], "put": [], "get": []}
            for n in names:
                body = open(folder + "/" + n, "rb").read()
                results["put"].append(req("PUT", "/secretariat/agenda/" + n, body, {"Content-Type": "text/calendar; charset=utf-8"})[0])
                status, data = req("GET", "/secretariat/agenda/" + n)
                results["get"].append({"status": status, "body": data.decode()})
            print(json.dumps(results))
            """, arguments: [String(radicale.port), dir.path] + names)
        let v = try JSONParser.parse(Array(out.utf8))
        #expect(v["mkcol"] == 201)
        #expect(v["put"]?.arrayValue?.allSatisfy { $0 == 201 } == true, "PUT statuses: \(v["put"]!)")
        let bodies = v["get"]?.arrayValue ?? []
        #expect(bodies.count == appointments.count)
        for (a, got) in zip(appointments, bodies) {
            #expect(got["status"] == 200)
            let body = got["body"]?.stringValue?.replacingOccurrences(of: "\r\n ", with: "") ?? ""
            #expect(body.contains("UID:\(a.id)@permanence"))
            #expect(body.contains("SEQUENCE:\(a.sequence)"))
            #expect(body.contains(a.status.occupiesSlot ? "STATUS:CONFIRMED" : "STATUS:CANCELLED"))
        }
    }
}
