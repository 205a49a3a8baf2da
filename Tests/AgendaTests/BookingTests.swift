import Foundation
import JSONRPC
import Kernel
import PermanenceTesting
import Practice
import Testing

@testable import Agenda

@Suite struct BookingTests {
    func bookParams(
        _ patient: String, at time: String = "08:30", day: String = "2026-03-02", who: String = "dr-benali",
        site: String = "chenes", type: String = "consultation", key: String? = nil
    ) -> JSONValue {
        var o: JSONObject = [
            "practitionerId": .string(who), "siteId": .string(site), "start": paris(day, time),
            "appointmentTypeId": .string(type), "patientId": .string(patient),
            "caller": ["name": "Jeanne Dupont", "phone": "06 12 34 56 78", "relationship": "self"]
        ]
        if let key { o["idempotencyKey"] = .string(key) }
        return .object(o)
    }

    /// The same booking flow in-process, over TCP and over stdio: what the secretary sees does not depend on the transport.
    @Test(arguments: TestServer.Setup.allCases)
    func bookingTakesTheSlotJournalsAndPublishes(setup: TestServer.Setup) async throws {
        let h = try await AgendaHarness(setup: setup)
        try await h.server.run { server in
            let secretary = try await server.client(role: .secretary)
            try await secretary.call("events.subscribe", ["topics": ["agenda.*"]])
            let a = try await h.ok("agenda.book", bookParams("pat-dupont"))
            #expect(a["status"] == "booked")
            #expect(a["sequence"] == 0)
            #expect(a["patientName"] == "DUPONT Jeanne")
            #expect(a["caller"]?["phone"] == "+33612345678")
            #expect(a["start"] == paris("2026-03-02", "08:30"))
            #expect(a["end"] == paris("2026-03-02", "08:50"))
            // The slot is gone, the next one is offered.
            let slots = try await h.ok(
                "agenda.findSlots",
                [
                    "appointmentTypeId": "consultation", "practitionerIds": ["dr-benali"],
                    "from": paris("2026-03-02", "00:00"), "newPatient": false, "limit": 1
                ])
            #expect(slots[0]?["start"] == paris("2026-03-02", "08:50"))
            // Booking it again: -32009.
            #expect(await h.errorCode("agenda.book", bookParams("pat-leroy")) == -32009)
            // An overlapping start of another type is refused as well (capacity 1 practitioner).
            #expect(await h.errorCode("agenda.book", bookParams("pat-leroy", at: "08:30", type: "certificat-sport")) == -32009)
            // Contact history and event.
            let history = try await h.host.store.read { db in
                try ContactJournal.history(patientId: "pat-dupont", phone: nil, from: nil, to: nil, practiceId: h.host.practiceId, in: db)
            }
            #expect(history.count == 1)
            #expect(history.first?.source == "agenda" && history.first?.kind == "booked" && history.first?.reference == a["id"]?.stringValue)
            #expect(history.first?.motive == .appointment)
            #expect(h.events.methods == ["agenda.booked"])
            // The secretary's own session was told, over its transport.
            let pushed = try await secretary.notifications.wait("agenda.booked")
            #expect(pushed["id"] == a["id"])
        }
    }

    @Test func unknownPatientIsNotFound() async throws {
        let h = try await AgendaHarness()
        let e = await h.error("agenda.book", bookParams("pat-inconnu"))
        #expect(e?.code.rawValue == -32004)
        #expect(e?.data?["field"] == "patientId")
    }

    /// Refusals reach the client with their code and the field they name, whatever the transport; a role
    /// below the method's is refused (over TCP, the client authenticated with a token of that role).
    @Test(arguments: TestServer.Setup.allCases)
    func badRequestsNameTheirField(setup: TestServer.Setup) async throws {
        let h = try await AgendaHarness(setup: setup)
        try await h.server.run { _ in
            #expect(await h.error("agenda.book", bookParams("pat-dupont", at: "08:35"))?.data?["field"] == "start") // off the grid
            #expect(await h.error("agenda.book", bookParams("pat-dupont", at: "12:10"))?.data?["field"] == "start") // lunch
            #expect(await h.error("agenda.book", bookParams("pat-dupont", site: "centre"))?.data?["field"] == "start") // not at centre on Monday
            #expect(await h.error("agenda.book", bookParams("pat-dupont", site: "ailleurs"))?.data?["field"] == "siteId")
            #expect(await h.error("agenda.book", bookParams("pat-dupont", type: "frottis"))?.data?["field"] == "appointmentTypeId")
            #expect(await h.error("agenda.book", bookParams("pat-dupont", who: "dr-nobody"))?.data?["field"] == "practitionerId")
            var bad = bookParams("pat-dupont").objectValue!
            bad["caller"] = ["phone": "12345"]
            #expect(await h.error("agenda.book", .object(bad))?.data?["field"] == "caller.phone")
            #expect(await h.errorCode("agenda.book", bookParams("pat-dupont"), role: .integration) == -32002)
        }
    }

    @Test func idempotencyKeyReturnsTheSameAppointment() async throws {
        let h = try await AgendaHarness()
        let first = try await h.ok("agenda.book", bookParams("pat-dupont", key: "call-42"))
        let again = try await h.ok("agenda.book", bookParams("pat-dupont", key: "call-42"))
        #expect(first["id"] == again["id"])
        let list = try await h.ok("agenda.patientAppointments", ["patientId": "pat-dupont"])["items"] ?? []
        #expect(list.arrayValue?.count == 1)
        #expect(h.events.methods == ["agenda.booked"])
    }

    @Test func capacityThreeTakesThreePatientsThenConflicts() async throws {
        let h = try await AgendaHarness()
        func book(_ patient: String) async -> Int? {
            await h.errorCode(
                "agenda.book",
                [
                    "practitionerId": "dr-roux", "siteId": "centre", "start": paris("2026-03-04", "16:00"),
                    "appointmentTypeId": "vaccination", "patientId": .string(patient), "newPatient": false
                ])
        }
        #expect(await book("pat-dupont") == nil)
        #expect(await book("pat-leroy") == nil)
        let mid = try await h.ok(
            "agenda.findSlots",
            [
                "appointmentTypeId": "vaccination", "practitionerIds": ["dr-roux"],
                "from": paris("2026-03-04", "16:00"), "to": paris("2026-03-04", "16:01"), "newPatient": false
            ])
        #expect(mid[0]?["remaining"] == 1)
        #expect(await book("pat-moreau") == nil)
        #expect(await book("pat-petit") == -32009)
        let after = try await h.ok(
            "agenda.findSlots",
            [
                "appointmentTypeId": "vaccination", "practitionerIds": ["dr-roux"],
                "from": paris("2026-03-04", "16:00"), "to": paris("2026-03-04", "16:01"), "newPatient": false
            ])
        #expect(after.arrayValue?.isEmpty == true)
    }

    @Test func concurrentBookingsNeverOverbook() async throws {
        let h = try await AgendaHarness()
        let results = await withTaskGroup(of: Int?.self) { group in
            for i in 0..<40 {
                let patient = ["pat-dupont", "pat-leroy", "pat-moreau", "pat-petit"][i % 4]
                group.addTask { await h.errorCode("agenda.book", self.bookParams(patient)) }
            }
            var out: [Int?] = []
            for await r in group { out.append(r) }
            return out
        }
        #expect(results.filter { $0 == nil }.count == 1)
        #expect(results.filter { $0 == -32009 }.count == 39)
    }

    @Test func cancelFreesTheSlotAndRaisesSequence() async throws {
        let h = try await AgendaHarness()
        let a = try await h.ok("agenda.book", bookParams("pat-dupont"))
        let c = try await h.ok("agenda.cancel", ["appointmentId": a["id"]!, "reason": "empêchement"])
        #expect(c["status"] == "cancelled" && c["sequence"] == 1 && c["cancelReason"] == "empêchement")
        #expect(await h.errorCode("agenda.cancel", ["appointmentId": a["id"]!, "reason": "encore"]) == -32009)
        #expect(await h.errorCode("agenda.cancel", ["appointmentId": "apt_nope", "reason": "x"]) == -32004)
        _ = try await h.ok("agenda.book", bookParams("pat-leroy")) // the slot is free again
        let history = try await h.host.store.read { db in
            try ContactJournal.history(patientId: "pat-dupont", phone: nil, from: nil, to: nil, practiceId: h.host.practiceId, in: db)
        }
        #expect(history.map(\.kind) == ["booked", "cancelled"])
        #expect(h.events.methods == ["agenda.booked", "agenda.cancelled", "agenda.booked"])
    }

    @Test func rescheduleIsAtomic() async throws {
        let h = try await AgendaHarness()
        let a = try await h.ok("agenda.book", bookParams("pat-dupont", at: "08:30"))
        let b = try await h.ok("agenda.book", bookParams("pat-leroy", at: "09:10"))
        // Moving onto a taken slot changes nothing.
        let e = await h.error("agenda.reschedule", ["appointmentId": a["id"]!, "start": paris("2026-03-02", "09:10")])
        #expect(e?.code.rawValue == -32009)
        let still = try await h.ok("agenda.patientAppointments", ["patientId": "pat-dupont"])["items"] ?? []
        #expect(still.arrayValue?.count == 1 && still[0]?["status"] == "booked")
        // Moving to a free slot cancels the old appointment and books the new one together.
        let moved = try await h.ok("agenda.reschedule", ["appointmentId": a["id"]!, "start": paris("2026-03-02", "08:50"), "reason": "retard"])
        #expect(moved["from"]?["status"] == "cancelled" && moved["from"]?["rescheduledTo"] == moved["to"]?["id"])
        #expect(moved["to"]?["rescheduledFrom"] == a["id"] && moved["to"]?["status"] == "booked")
        #expect(moved["from"]?["sequence"] == 1)
        let list =
            try await h.ok(
                "agenda.appointments",
                [
                    "practitionerId": "dr-benali", "from": paris("2026-03-02", "00:00"),
                    "to": paris("2026-03-03", "00:00")
                ])["items"] ?? []
        #expect(list.arrayValue?.map { $0["status"]!.stringValue! } == ["cancelled", "booked", "booked"])
        _ = b
        let history = try await h.host.store.read { db in
            try ContactJournal.history(patientId: "pat-dupont", phone: nil, from: nil, to: nil, practiceId: h.host.practiceId, in: db)
        }
        #expect(history.map(\.kind) == ["booked", "rescheduled"])
        #expect(h.events.methods == ["agenda.booked", "agenda.booked", "agenda.rescheduled"])
    }

    /// A move may overlap the appointment it replaces (that one is cancelled in the same
    /// transaction), but never someone else's.
    @Test func rescheduleMayOverlapOnlyItself() async throws {
        let h = try await AgendaHarness()
        _ = try await h.ok("agenda.book", bookParams("pat-dupont", at: "09:30")) // now followed: teleconsultation allowed
        let a = try await h.ok("agenda.book", bookParams("pat-dupont", at: "08:30"))
        let overlapsItself: JSONValue = ["appointmentId": a["id"]!, "start": paris("2026-03-02", "08:45"), "appointmentTypeId": "teleconsultation"]
        let b = try await h.ok("agenda.book", bookParams("pat-leroy", at: "09:10"))
        let moved = try await h.ok("agenda.reschedule", overlapsItself)
        #expect(moved["to"]?["start"] == paris("2026-03-02", "08:45") && moved["from"]?["status"] == "cancelled")
        // Back onto 08:30 overlaps the teleconsultation it replaces: fine, and again.
        let back = try await h.ok(
            "agenda.reschedule",
            [
                "appointmentId": moved["to"]!["id"]!, "start": paris("2026-03-02", "08:30"),
                "appointmentTypeId": "consultation"
            ])
        let e = await h.error(
            "agenda.reschedule",
            [
                "appointmentId": back["to"]!["id"]!, "start": paris("2026-03-02", "08:45"),
                "appointmentTypeId": "teleconsultation"
            ])
        #expect(e == nil)
        // Leroy's move onto 08:50 would overlap that teleconsultation (08:45–09:00).
        let clash = await h.error("agenda.reschedule", ["appointmentId": b["id"]!, "start": paris("2026-03-02", "08:50")])
        #expect(clash?.code.rawValue == -32009)
    }

    @Test func statusesFollowFHIR() async throws {
        let h = try await AgendaHarness()
        let a = try await h.ok("agenda.book", bookParams("pat-dupont"))
        let arrived = try await h.ok("agenda.setStatus", ["appointmentId": a["id"]!, "status": "arrived"])
        #expect(arrived["status"] == "arrived")
        let done = try await h.ok("agenda.setStatus", ["appointmentId": a["id"]!, "status": "fulfilled"])
        #expect(done["status"] == "fulfilled" && done["sequence"] == 2)
        #expect(await h.errorCode("agenda.setStatus", ["appointmentId": a["id"]!, "status": "cancelled"]) == -32602)
        #expect(await h.errorCode("agenda.setStatus", ["appointmentId": a["id"]!, "status": "lost"]) == -32602)
    }

    @Test func newPatientIsInferredFromHistory() async throws {
        let h = try await AgendaHarness()
        let first = try await h.ok("agenda.book", bookParams("pat-dupont", at: "08:30", type: "consultation"))
        #expect(first["newPatient"] == true)
        let second = try await h.ok("agenda.book", bookParams("pat-dupont", at: "09:00", type: "teleconsultation"))
        #expect(second["newPatient"] == false)
        // premiere-consultation is for new patients only.
        let e = await h.error("agenda.book", bookParams("pat-dupont", at: "08:30", day: "2026-03-05", type: "premiere-consultation"))
        #expect(e?.data?["field"] == "appointmentTypeId")
    }
}
