import Foundation
import JSONRPC
import Kernel
import Practice
import Testing

@testable import Agenda

/// Whether a caller is a new patient is derived from the patient's record (`followedBy`) and
/// appointments when the console does not say; an explicit `newPatient` still wins. In the example
/// Dr Martin takes no new patients; Dr Benali and Dr Roux, of the same specialty, do.
@Suite struct NewPatientTests {
    /// A harness whose patients are those of `patients.create`.
    static func practice() async throws -> AgendaHarness {
        try await AgendaHarness(
            patients: PracticePatientLookup(
                practiceId: try PracticePlugin(configuration: ConfigurationDocument(yaml: ExamplePractice.yaml)).directory.practiceId))
    }

    static func createPatient(_ h: AgendaHarness, _ last: String, followedBy: [String] = []) async throws -> String {
        let p = try await h.ok(
            "patients.create",
            [
                "lastName": .string(last), "firstName": "Anne", "birthDate": "1961-05-04",
                "phone": "06 12 34 56 78", "followedBy": .array(followedBy.map { .string($0) })
            ])
        return try #require(p["id"]?.stringValue)
    }

    static func martin(_ extra: JSONObject = [:]) -> JSONValue {
        var o: JSONObject = ["appointmentTypeId": "consultation", "practitionerIds": ["dr-martin"], "from": paris("2026-03-02", "00:00")]
        for (k, v) in extra { o[k] = v }
        return .object(o)
    }

    static func book(_ h: AgendaHarness, _ slot: JSONValue, patientId: String, extra: JSONObject = [:]) async -> Result<JSONValue, RPCError> {
        var o: JSONObject = [
            "practitionerId": slot["practitionerId"]!, "siteId": slot["siteId"]!, "start": slot["start"]!,
            "appointmentTypeId": slot["appointmentTypeId"]!, "patientId": .string(patientId)
        ]
        for (k, v) in extra { o[k] = v }
        return await h.call("agenda.book", .object(o))
    }

    @Test func aPatientFollowedByDrMartinFindsAndBooksHerWithoutTheFlag() async throws {
        let h = try await Self.practice()
        let id = try await Self.createPatient(h, "Bernard", followedBy: ["dr-martin"])
        let slots = try await h.ok("agenda.findSlots", Self.martin(["patientId": .string(id)]))
        let first = try #require(slots[0])
        #expect(first["practitionerId"] == "dr-martin")
        let booked = try await Self.book(h, first, patientId: id).get()
        #expect(booked["newPatient"] == false)
        #expect(
            try await h.ok(
                "agenda.nextAvailable",
                [
                    "appointmentTypeId": "consultation", "practitionerIds": ["dr-martin"],
                    "patientId": .string(id)
                ])["practitionerId"] == "dr-martin")
    }

    @Test func aPatientNobodyFollowsIsNewToDrMartin() async throws {
        let h = try await Self.practice()
        let id = try await Self.createPatient(h, "Bernard")
        #expect(try await h.ok("agenda.findSlots", Self.martin(["patientId": .string(id)])) == [])
        let offered = try await h.ok("agenda.findSlots", Self.martin(["newPatient": false]))
        let slot = try #require(offered[0])
        let error = try #require(await Self.book(h, slot, patientId: id).failure)
        #expect(error.code.rawValue == -32022)
        #expect(error.data?["field"] == "patientId")
        #expect(error.message.contains("takes no new patients"))
    }

    @Test func anAppointmentWithDrMartinMakesAnExistingPatientUnlessCancelled() async throws {
        let h = try await Self.practice()
        let kept = try await Self.createPatient(h, "Bernard")
        let cancelled = try await Self.createPatient(h, "Colin")
        let offered = try #require(try await h.ok("agenda.findSlots", Self.martin(["newPatient": false])).arrayValue)
        _ = try await Self.book(h, offered[0], patientId: kept, extra: ["newPatient": false]).get()
        let other = try await Self.book(h, offered[1], patientId: cancelled, extra: ["newPatient": false]).get()
        _ = try await h.ok("agenda.cancel", ["appointmentId": other["id"]!, "reason": "empêchement"])
        // A month later, the first is a patient of Dr Martin; the second never saw her.
        h.clock.advance(by: 30 * 86_400)
        let later = Self.martin(["from": paris("2026-04-06", "00:00")])
        let found = try #require(try await h.ok("agenda.findSlots", Self.with(later, ["patientId": .string(kept)])).arrayValue)
        #expect(!found.isEmpty)
        #expect(try await Self.book(h, found[0], patientId: kept).get()["newPatient"] == false)
        #expect(try await h.ok("agenda.findSlots", Self.with(later, ["patientId": .string(cancelled)])) == [])
    }

    static func with(_ params: JSONValue, _ extra: JSONObject) -> JSONValue {
        var o = params.objectValue!
        for (k, v) in extra { o[k] = v }
        return .object(o)
    }

    @Test func anExplicitFlagWinsAndNoPatientMeansNew() async throws {
        let h = try await Self.practice()
        let id = try await Self.createPatient(h, "Bernard", followedBy: ["dr-martin"])
        #expect(try await h.ok("agenda.findSlots", Self.martin(["patientId": .string(id), "newPatient": true])) == [])
        #expect(try await h.ok("agenda.findSlots", Self.martin()) == [])
        #expect(try await h.ok("agenda.findSlots", Self.martin(["newPatient": false])).arrayValue?.isEmpty == false)
        // Another practitioner takes the new patient.
        let roux = try await h.ok(
            "agenda.findSlots",
            [
                "appointmentTypeId": "consultation", "practitionerIds": ["dr-roux"],
                "from": paris("2026-03-02", "00:00")
            ])
        #expect(roux.arrayValue?.isEmpty == false)
    }

    @Test func anUnknownPatientIsNamed() async throws {
        let h = try await Self.practice()
        for method in ["agenda.findSlots", "agenda.nextAvailable"] {
            let error = try #require(await h.error(method, Self.martin(["patientId": "pt_unknown"])))
            #expect(error.code.rawValue == -32004)
            #expect(error.data?["field"] == "patientId")
        }
    }

    @Test func aNewPatientAskingForDrMartinIsToldWhyAndOfferedAnotherPractitioner() async throws {
        let h = try await Self.practice()
        let id = try await Self.createPatient(h, "Bernard")
        let answer = try await h.ok("agenda.findSlots", Self.martin(["patientId": .string(id), "explain": true]))
        #expect(answer["slots"] == [])
        #expect(answer["reason"] == "noNewPatients")
        #expect(answer["practitioners"]?[0]?["practitionerId"] == "dr-martin")
        let alternatives = try #require(answer["alternatives"]?.arrayValue)
        #expect(alternatives.map { $0["practitionerId"]?.stringValue } == ["dr-benali", "dr-roux"])
        #expect(h.localStarts(.array(alternatives)) == ["08:30", "08:30"])
        let message = try #require(answer["message"]?.stringValue)
        #expect(
            message == "Dr Claire Martin ne prend pas de nouveaux patients → "
                + "Dr Karim Benali, premier créneau lundi 2 mars à 8 h 30, site « Antenne des Chênes (quartier des Chênes) » ; "
                + "Dr Émilie Roux, premier créneau lundi 2 mars à 8 h 30, site « Maison de santé des Tilleuls (centre-ville) »")
        // The alternative is a slot the patient can book as they are, without the flag.
        let booked = try await Self.book(h, alternatives[1], patientId: id).get()
        #expect(booked["practitionerId"] == "dr-roux")
        #expect(booked["newPatient"] == true)
        // nextAvailable: what was null is the same explanation.
        let next = try await h.ok(
            "agenda.nextAvailable",
            [
                "appointmentTypeId": "consultation", "practitionerIds": ["dr-martin"],
                "newPatient": true, "withinDays": 7
            ])
        #expect(next["start"] == nil)
        #expect(next["reason"] == "noNewPatients")
        #expect(next["alternatives"]?.arrayValue?.count == 2)
    }

    @Test func aSearchWithSlotsIsUnchangedAndExplainsNothing() async throws {
        let h = try await AgendaHarness()
        let plain = try await h.ok("agenda.findSlots", Self.martin(["newPatient": false]))
        let explained = try await h.ok("agenda.findSlots", Self.martin(["newPatient": false, "explain": true]))
        #expect(plain.arrayValue?.isEmpty == false)
        #expect(explained == ["slots": plain])
    }

    @Test(
        "each empty search says why",
        arguments: [
            (
                [
                    "appointmentTypeId": "premiere-consultation", "practitionerIds": ["dr-benali"], "from": paris("2026-03-02", "00:00"),
                    "newPatient": false
                ], "typeNotOffered", "réservé aux nouveaux patients"
            ),
            (
                [
                    "appointmentTypeId": "consultation", "practitionerIds": ["dr-martin"], "siteId": "chenes", "from": paris("2026-03-02", "00:00"),
                    "newPatient": false
                ], "notAtSite", "ne consulte pas sur le site"
            ),
            (
                [
                    "appointmentTypeId": "consultation", "practitionerIds": ["dr-martin"], "from": paris("2026-03-04", "00:00"),
                    "to": paris("2026-03-05", "00:00"), "newPatient": false
                ], "noSchedule", "pas de consultation"
            ),
            (
                [
                    "appointmentTypeId": "premiere-consultation", "practitionerIds": ["dr-benali"], "from": paris("2026-03-02", "00:00"),
                    "to": paris("2026-03-02", "20:00"), "newPatient": true
                ], "tooSoon", "au moins 24 h à l'avance"
            ),
            (
                [
                    "appointmentTypeId": "consultation", "practitionerIds": ["dr-martin"], "from": paris("2026-02-23", "00:00"),
                    "to": paris("2026-02-28", "00:00"), "newPatient": false
                ], "tooSoon", "la période demandée est déjà passée"
            ),
            (
                [
                    "appointmentTypeId": "certificat-sport", "practitionerIds": ["dr-benali"], "from": paris("2026-05-04", "00:00"),
                    "newPatient": false
                ], "beyondHorizon", "au plus 60 jours"
            ),
            (
                [
                    "appointmentTypeId": "urgence", "practitionerIds": ["dr-martin"], "from": paris("2026-03-03", "00:00"),
                    "to": paris("2026-03-04", "00:00"), "newPatient": false
                ], "reservedToStaff", "réservé à l'équipe du cabinet jusqu'à 2 h"
            ),
            (
                [
                    "appointmentTypeId": "consultation", "practitionerIds": ["dr-martin", "dr-nguyen"], "from": paris("2026-03-02", "08:30"),
                    "to": paris("2026-03-02", "08:50"), "newPatient": true
                ], "mixed", "ne prend pas de nouveaux patients ; Dr Thomas Nguyen"
            )
        ] as [(JSONValue, String, String)])
    func reasons(_ params: JSONValue, reason: String, says: String) async throws {
        let h = try await AgendaHarness()
        let answer = try await h.ok("agenda.findSlots", Self.with(params, ["explain": true]))
        #expect(answer["slots"] == [])
        #expect(answer["reason"]?.stringValue == reason)
        let message = try #require(answer["message"]?.stringValue)
        #expect(message.contains(says), "\(message)")
    }

    @Test func anAbsenceAndAFullWindowAreNamed() async throws {
        let h = try await AgendaHarness()
        let window = Self.martin(["from": paris("2026-03-02", "08:30"), "to": paris("2026-03-02", "08:50"), "newPatient": false, "explain": true])
        let slot = try #require(try await h.ok("agenda.findSlots", window)["slots"]?[0])
        _ = try await Self.book(h, slot, patientId: "pat-dupont", extra: ["newPatient": false]).get()
        let full = try await h.ok("agenda.findSlots", window)
        #expect(full["reason"] == "fullyBooked")
        // The flag says existing for every practitioner: the others are offered too.
        #expect(full["alternatives"]?.arrayValue?.map { $0["practitionerId"]?.stringValue } == ["dr-benali", "dr-roux"])
        _ = try await h.ok(
            "agenda.addAbsence",
            [
                "practitionerId": "dr-martin", "from": paris("2026-03-02", "00:00"),
                "to": paris("2026-03-03", "00:00"), "kind": "training"
            ])
        let absent = try await h.ok("agenda.findSlots", window)
        #expect(absent["reason"] == "noSchedule")
        #expect(absent["message"]?.stringValue?.hasPrefix("Dr Claire Martin : absence sur cette période") == true)
    }
}

extension Result {
    /// The error of a failed call, nil on success.
    var failure: Failure? {
        if case .failure(let e) = self { return e }
        return nil
    }
}
