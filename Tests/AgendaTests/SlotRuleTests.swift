import Foundation
import JSONRPC
import Kernel
import Practice
import Testing

@testable import Agenda

/// Each scheduling rule, with the example practice (now: Monday 2026-03-02 07:00 in Paris).
@Suite struct SlotRuleTests {
    @Test func weeklyRangesWithLunchGapAndReservedBlock() async throws {
        let h = try await AgendaHarness()
        let slots = try await h.ok(
            "agenda.findSlots",
            [
                "appointmentTypeId": "consultation", "practitionerIds": ["dr-martin"],
                "from": paris("2026-03-02", "00:00"), "to": paris("2026-03-03", "00:00"),
                "newPatient": false, "limit": 100
            ])
        let starts = h.localStarts(slots)
        #expect(starts.first == "08:30")
        #expect(starts.contains("11:10"))
        #expect(!starts.contains("11:30")) // reserved urgence block 11:30-12:00
        #expect(!starts.contains { $0 >= "12:00" && $0 < "14:00" }) // lunch is the gap
        #expect(starts.contains("14:00") && starts.last == "18:40")
        #expect(starts.count == 9 + 15)
        #expect(slots[0]?["remaining"] == 1 && slots[0]?["siteId"] == "centre")
    }

    @Test func newPatientsGetNoSlotWherePractitionerTakesNone() async throws {
        let h = try await AgendaHarness()
        let none = try await h.ok(
            "agenda.findSlots",
            [
                "appointmentTypeId": "consultation", "practitionerIds": ["dr-martin"],
                "from": paris("2026-03-02", "00:00"), "newPatient": true
            ])
        #expect(none.arrayValue?.isEmpty == true)
        let benali = try await h.ok(
            "agenda.findSlots",
            [
                "appointmentTypeId": "consultation", "practitionerIds": ["dr-benali"],
                "from": paris("2026-03-02", "00:00"), "newPatient": true
            ])
        #expect(benali.arrayValue?.isEmpty == false)
        // And booking refuses it too.
        let e = await h.error(
            "agenda.book",
            [
                "practitionerId": "dr-martin", "siteId": "centre", "start": paris("2026-03-02", "08:30"),
                "appointmentTypeId": "consultation", "patientId": "pat-dupont"
            ])
        #expect(e?.code.rawValue == -32022)
        #expect(e?.data?["field"] == "patientId")
    }

    @Test func audienceNewAndExisting() async throws {
        let h = try await AgendaHarness()
        let forExisting = try await h.ok(
            "agenda.findSlots",
            [
                "appointmentTypeId": "premiere-consultation", "practitionerIds": ["dr-benali"],
                "from": paris("2026-03-02", "00:00"), "newPatient": false
            ])
        #expect(forExisting.arrayValue?.isEmpty == true)
        let suivi = try await h.ok(
            "agenda.findSlots",
            [
                "appointmentTypeId": "suivi-chronique", "practitionerIds": ["dr-martin"],
                "from": paris("2026-03-02", "00:00"), "newPatient": false
            ])
        #expect(suivi.arrayValue?.isEmpty == false)
    }

    @Test func minimumNoticeAndHorizon() async throws {
        let h = try await AgendaHarness()
        // premiere-consultation needs 1440 minutes: nothing before Tuesday 07:00.
        let first = try await h.ok(
            "agenda.findSlots",
            [
                "appointmentTypeId": "premiere-consultation", "practitionerIds": ["dr-benali"],
                "from": paris("2026-03-02", "00:00"), "newPatient": true, "limit": 1
            ])
        #expect(first[0]?["start"] == paris("2026-03-03", "09:00")) // Tuesday, centre
        // A booking inside the notice is refused naming start.
        let e = await h.error(
            "agenda.book",
            [
                "practitionerId": "dr-benali", "siteId": "chenes", "start": paris("2026-03-02", "14:00"),
                "appointmentTypeId": "premiere-consultation", "patientId": "pat-leroy"
            ])
        #expect(e?.code.rawValue == -32022 && e?.data?["field"] == "start")
        // certificat-sport: 60 days ahead at most.
        let late = try await h.ok(
            "agenda.findSlots",
            [
                "appointmentTypeId": "certificat-sport", "practitionerIds": ["dr-benali"],
                "from": paris("2026-04-25", "00:00"), "to": paris("2026-05-20", "00:00"),
                "newPatient": false, "limit": 1000
            ])
        let lastStart = try #require(late.arrayValue?.last?["start"]?.stringValue)
        #expect(instant(lastStart) < instant("2026-05-01T07:00:00+02:00"))
        let tooFar = await h.error(
            "agenda.book",
            [
                "practitionerId": "dr-benali", "siteId": "chenes", "start": paris("2026-05-04", "08:30"),
                "appointmentTypeId": "certificat-sport", "patientId": "pat-leroy", "newPatient": false
            ])
        #expect(tooFar?.data?["field"] == "start")
    }

    @Test func bufferAndStep() async throws {
        let h = try await AgendaHarness()
        // dr-roux consultation: 20 minutes + 5 buffer → every 25 minutes from 08:30 (Monday, centre).
        let slots = try await h.ok(
            "agenda.findSlots",
            [
                "appointmentTypeId": "consultation", "practitionerIds": ["dr-roux"],
                "from": paris("2026-03-02", "00:00"), "to": paris("2026-03-03", "00:00"), "newPatient": false
            ])
        #expect(h.localStarts(slots) == ["08:30", "08:55", "09:20", "09:45", "10:10", "10:35", "11:00", "11:25"])
        // vaccination: every 15 minutes inside its Wednesday block only.
        let vacc = try await h.ok(
            "agenda.findSlots",
            [
                "appointmentTypeId": "vaccination", "practitionerIds": ["dr-roux"],
                "from": paris("2026-03-02", "00:00"), "to": paris("2026-03-05", "00:00"), "newPatient": false
            ])
        #expect(h.localStarts(vacc) == ["16:00", "16:15", "16:30", "16:45"])
        #expect(vacc[0]?["capacity"] == 3 && vacc[0]?["remaining"] == 3)
        // A booked consultation blocks its buffer too: book 08:30, then 08:55 is still free, nothing overlaps 08:30-08:55.
        _ = try await h.ok(
            "agenda.book",
            [
                "practitionerId": "dr-roux", "siteId": "centre", "start": paris("2026-03-02", "08:30"),
                "appointmentTypeId": "consultation", "patientId": "pat-dupont"
            ])
        let after = try await h.ok(
            "agenda.findSlots",
            [
                "appointmentTypeId": "consultation", "practitionerIds": ["dr-roux"],
                "from": paris("2026-03-02", "00:00"), "to": paris("2026-03-03", "00:00"), "newPatient": false
            ])
        #expect(h.localStarts(after).first == "08:55")
    }

    @Test func staffOnlySlotsAreReleasedToSecretariesBeforeTheyStart() async throws {
        let h = try await AgendaHarness()
        let query: JSONValue = [
            "appointmentTypeId": "urgence", "practitionerIds": ["dr-martin"], "from": paris("2026-03-02", "00:00"),
            "to": paris("2026-03-03", "00:00"), "newPatient": false
        ]
        let staff = try await h.ok("agenda.findSlots", query, role: .staff)
        #expect(h.localStarts(staff) == ["11:30"])
        #expect(staff[0]?["released"] == false)
        let secretaryEarly = try await h.ok("agenda.findSlots", query, role: .secretary)
        #expect(secretaryEarly.arrayValue?.isEmpty == true)
        let book: JSONValue = [
            "practitionerId": "dr-martin", "siteId": "centre", "start": paris("2026-03-02", "11:30"),
            "appointmentTypeId": "urgence", "patientId": "pat-dupont", "newPatient": false
        ]
        #expect(await h.errorCode("agenda.book", book, role: .secretary) == -32002)
        h.clock.set(instant("2026-03-02T09:30:00+01:00")) // two hours before
        let secretaryLater = try await h.ok("agenda.findSlots", query, role: .secretary)
        #expect(h.localStarts(secretaryLater) == ["11:30"])
        #expect(secretaryLater[0]?["released"] == true)
        _ = try await h.ok("agenda.book", book, role: .secretary)
    }

    @Test func holidaysClosuresAndExceptionsCloseOrChangeTheDay() async throws {
        let h = try await AgendaHarness(now: "2026-12-20T07:00:00+01:00")
        func starts(_ who: String, _ day: String, type: String = "consultation") async throws -> [String] {
            let s = try await h.ok(
                "agenda.findSlots",
                [
                    "appointmentTypeId": .string(type), "practitionerIds": [.string(who)],
                    "from": paris(day, "00:00"), "to": paris(LocalDate(day)!.adding(days: 1).description, "00:00"),
                    "newPatient": false, "limit": 200
                ])
            return h.localStarts(s)
        }
        #expect(try await starts("dr-martin", "2026-12-25").isEmpty) // Noël (Friday)
        #expect(try await starts("dr-martin", "2026-12-31").last == "11:10") // afternoon off
        #expect(try await starts("dr-martin", "2026-12-28").last == "18:40") // ordinary Monday
        #expect(try await starts("sf-lefebvre", "2026-12-23").isEmpty) // exception closed
        let h2 = try await AgendaHarness(now: "2027-02-01T07:00:00+01:00")
        let closed = try await h2.ok(
            "agenda.findSlots",
            [
                "appointmentTypeId": "consultation", "practitionerIds": ["dr-martin"],
                "from": paris("2027-02-15", "00:00"), "to": paris("2027-02-16", "00:00"), "newPatient": false
            ])
        #expect(closed.arrayValue?.isEmpty == true) // formation
        let h3 = try await AgendaHarness(now: "2027-05-01T07:00:00+02:00")
        let bridge = try await h3.ok(
            "agenda.findSlots",
            [
                "appointmentTypeId": "consultation", "practitionerIds": ["dr-benali"],
                "from": paris("2027-05-07", "00:00"), "to": paris("2027-05-08", "00:00"), "newPatient": false
            ])
        #expect(bridge.arrayValue?.isEmpty == true) // practice closure (pont de l'Ascension), a Friday he works
        let h4 = try await AgendaHarness(now: "2026-04-01T07:00:00+02:00")
        let easter = try await h4.ok(
            "agenda.findSlots",
            [
                "appointmentTypeId": "consultation", "practitionerIds": ["dr-martin"],
                "from": paris("2026-04-06", "00:00"), "to": paris("2026-04-07", "00:00"), "newPatient": false
            ])
        #expect(easter.arrayValue?.isEmpty == true) // lundi de Pâques
    }

    @Test func specialtyAndSiteSelection() async throws {
        let h = try await AgendaHarness()
        let pediatrics = try await h.ok(
            "agenda.findSlots",
            [
                "appointmentTypeId": "consultation", "specialty": "Pediatrie",
                "from": paris("2026-03-02", "00:00"), "newPatient": true, "limit": 5
            ])
        #expect(pediatrics.arrayValue?.allSatisfy { $0["practitionerId"] == "dr-nguyen" } == true)
        let chenes = try await h.ok(
            "agenda.findSlots",
            [
                "appointmentTypeId": "consultation", "practitionerIds": ["dr-benali"],
                "siteId": "chenes", "from": paris("2026-03-02", "00:00"), "newPatient": false, "limit": 20
            ])
        #expect(chenes.arrayValue?.allSatisfy { $0["siteId"] == "chenes" } == true)
        let all = try await h.ok(
            "agenda.findSlots",
            [
                "appointmentTypeId": "consultation", "from": paris("2026-03-02", "00:00"),
                "newPatient": false, "limit": 30
            ])
        let starts = (all.arrayValue ?? []).map { instant($0["start"]!.stringValue!) }
        #expect(starts == starts.sorted())
        #expect(Set((all.arrayValue ?? []).map { $0["practitionerId"]!.stringValue! }).count > 1)
        #expect(
            await h.error(
                "agenda.findSlots",
                [
                    "appointmentTypeId": "consultation", "specialty": "cardiologie",
                    "from": paris("2026-03-02", "00:00"), "newPatient": false
                ])?.data?["field"] == "specialty")
        #expect(
            await h.error(
                "agenda.findSlots",
                [
                    "appointmentTypeId": "frottis", "practitionerIds": ["dr-martin"],
                    "from": paris("2026-03-02", "00:00"), "newPatient": false
                ])?.data?["field"] == "appointmentTypeId")
        #expect(
            await h.error(
                "agenda.findSlots",
                [
                    "appointmentTypeId": "consultation", "practitionerIds": ["dr-nobody"],
                    "from": paris("2026-03-02", "00:00"), "newPatient": false
                ])?.data?["field"] == "practitionerIds[0]")
        #expect(
            await h.error(
                "agenda.findSlots",
                [
                    "appointmentTypeId": "consultation", "from": paris("2026-03-02", "10:00"),
                    "to": paris("2026-03-02", "09:00"), "newPatient": false
                ])?.data?["field"] == "to")
        #expect(await h.error("agenda.findSlots", ["appointmentTypeId": "consultation", "from": "demain", "newPatient": false])?.code.rawValue == -32602)
    }

    @Test func nextAvailableFindsTheEarliestAcrossPractitioners() async throws {
        let h = try await AgendaHarness()
        let next = try await h.ok(
            "agenda.nextAvailable",
            [
                "appointmentTypeId": "consultation", "specialty": "médecine générale",
                "newPatient": false
            ])
        #expect(next["start"] == paris("2026-03-02", "08:30"))
        let firstFindSlots = try await h.ok(
            "agenda.findSlots",
            [
                "appointmentTypeId": "consultation", "specialty": "médecine générale",
                "from": paris("2026-03-02", "07:00"), "newPatient": false, "limit": 1
            ])
        #expect(firstFindSlots[0]?["start"] == next["start"])
        #expect(firstFindSlots[0]?["practitionerId"] == next["practitionerId"])
        // A new patient at the pediatrician: premiere-consultation.
        let ped = try await h.ok(
            "agenda.nextAvailable",
            [
                "appointmentTypeId": "premiere-consultation", "specialty": "pédiatrie",
                "newPatient": true
            ])
        #expect(ped["practitionerId"] == "dr-nguyen")
        // Nothing to find: an existing-only type for a new patient, at the one practitioner who
        // offers it and takes no new patients; no other practitioner offers the type.
        let none = try await h.ok("agenda.nextAvailable", ["appointmentTypeId": "suivi-chronique", "newPatient": true])
        #expect(none["start"] == nil)
        #expect(none["reason"] == "noNewPatients")
        #expect(none["alternatives"] == [])
    }

    /// One practitioner at two sites on the same day, the later site listed first: the slots come
    /// in time order, and the limit keeps the earliest.
    @Test(arguments: [4, 7, 50])
    func twoSitesOneDayComeInTimeOrder(limit: Int) async throws {
        let yaml = smallPractice(
            practitioner: """
                - id: dr-deux
                  name: Dr Deux
                  specialty: médecine générale
                  schedule:
                    annexe: {monday: ["10:00-11:00"]}
                    centre: {monday: ["08:00-09:00", "14:00-15:00"]}
                  appointmentTypes:
                    - {id: consultation, minutes: 20}
                """, holidays: "none", otherSites: ["annexe"])
        let h = try await AgendaHarness(yaml: yaml)
        let slots = try await h.ok(
            "agenda.findSlots",
            [
                "appointmentTypeId": "consultation", "practitionerIds": ["dr-deux"],
                "from": paris("2026-03-02", "00:00"), "to": paris("2026-03-03", "00:00"),
                "newPatient": false, "limit": .int(limit)
            ])
        let expected = [
            ("centre", "08:00"), ("centre", "08:20"), ("centre", "08:40"), ("annexe", "10:00"), ("annexe", "10:20"),
            ("annexe", "10:40"), ("centre", "14:00"), ("centre", "14:20"), ("centre", "14:40")
        ]
        let got = (slots.arrayValue ?? []).map { ($0["siteId"]!.stringValue!, $0["start"]!.stringValue!) }
        #expect(got.map(\.0) == expected.prefix(limit).map(\.0))
        #expect(got.map(\.1) == expected.prefix(limit).map { paris("2026-03-02", $0.1).stringValue! })
    }
}
