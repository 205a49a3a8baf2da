import Foundation
import JSONRPC
import Kernel
import Testing

@testable import Agenda

@Suite struct AbsenceTests {
    @Test func absenceHidesSlotsAndReturnsAppointmentsToReschedule() async throws {
        let h = try await AgendaHarness()
        let a = try await h.ok(
            "agenda.book",
            [
                "practitionerId": "dr-benali", "siteId": "chenes", "start": paris("2026-03-02", "14:00"),
                "appointmentTypeId": "consultation", "patientId": "pat-dupont"
            ])
        let added = try await h.ok(
            "agenda.addAbsence",
            [
                "practitionerId": "dr-benali", "from": paris("2026-03-02", "12:00"),
                "to": paris("2026-03-04", "00:00"), "kind": "sick", "reason": "arrêt maladie"
            ])
        let ids: [JSONValue] = (added["toReschedule"]?.arrayValue ?? []).compactMap { $0["id"] }
        #expect(ids == [a["id"]!])
        #expect(added["toReschedule"]?[0]?["toReschedule"] == true)
        // Still visible, still booked, flagged.
        let day =
            try await h.ok("agenda.appointments", ["practitionerId": "dr-benali", "from": paris("2026-03-02", "00:00"), "to": paris("2026-03-03", "00:00")])[
                "items"] ?? []
        #expect(day[0]?["status"] == "booked" && day[0]?["toReschedule"] == true)
        // No slot in the absence; the morning stays.
        let slots = try await h.ok(
            "agenda.findSlots",
            [
                "appointmentTypeId": "consultation", "practitionerIds": ["dr-benali"],
                "from": paris("2026-03-02", "00:00"), "to": paris("2026-03-04", "00:00"),
                "newPatient": false, "limit": 200
            ])
        #expect(h.localStarts(slots).allSatisfy { $0 < "12:00" })
        #expect(
            await h.errorCode(
                "agenda.book",
                [
                    "practitionerId": "dr-benali", "siteId": "centre", "start": paris("2026-03-03", "09:00"),
                    "appointmentTypeId": "consultation", "patientId": "pat-leroy"
                ]) == -32009)
        let list = try await h.ok("agenda.absences", ["practitionerId": "dr-benali"])["items"] ?? []
        #expect(list.arrayValue?.count == 1 && list[0]?["kind"] == "sick")
        _ = try await h.ok("agenda.removeAbsence", ["absenceId": added["absence"]!["id"]!])
        #expect(try await h.ok("agenda.absences", ["practitionerId": "dr-benali"])["items"]?.arrayValue?.isEmpty == true)
        #expect(await h.errorCode("agenda.removeAbsence", ["absenceId": added["absence"]!["id"]!]) == -32004)
        let back = try await h.ok(
            "agenda.findSlots",
            [
                "appointmentTypeId": "consultation", "practitionerIds": ["dr-benali"],
                "from": paris("2026-03-03", "00:00"), "to": paris("2026-03-04", "00:00"), "newPatient": false
            ])
        #expect(back.arrayValue?.isEmpty == false)
        #expect(
            await h.error(
                "agenda.addAbsence",
                [
                    "practitionerId": "dr-benali", "from": paris("2026-03-04", "00:00"),
                    "to": paris("2026-03-03", "00:00")
                ])?.data?["field"] == "to")
    }

    /// Search and booking count an appointment's buffer as taken: an absence over the buffer alone
    /// conflicts with it too, so the appointment is listed to reschedule.
    @Test func absenceOverTheBufferAloneListsTheAppointment() async throws {
        let h = try await AgendaHarness()
        // Dr Roux's consultation: 20 minutes and 5 of buffer; Tuesday 2026-03-03 08:30 at Les Chênes.
        let a = try await h.ok(
            "agenda.book",
            [
                "practitionerId": "dr-roux", "siteId": "chenes", "start": paris("2026-03-03", "08:30"),
                "appointmentTypeId": "consultation", "patientId": "pat-dupont"
            ])
        let added = try await h.ok(
            "agenda.addAbsence",
            [
                "practitionerId": "dr-roux", "from": paris("2026-03-03", "08:50"),
                "to": paris("2026-03-03", "08:55"), "kind": "other"
            ])
        #expect((added["toReschedule"]?.arrayValue ?? []).compactMap { $0["id"] } == [a["id"]!])
    }
}
