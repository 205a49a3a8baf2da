import Foundation
import JSONRPC
import Testing

/// Finding 7 of a secretary's day, against the built executable on the example practice (where
/// Dr Martin takes no new patients): her patient entered for the first time is booked without the
/// console saying `newPatient: false`, and a new patient asking for her is told why and offered
/// another practitioner of the practice.
@Suite(.serialized) struct NewPatientEndToEndTests {
    static let monday = "2026-03-02T07:00:00+01:00"

    static func martin(_ extra: JSONObject) -> JSONValue {
        var o: JSONObject = ["appointmentTypeId": "consultation", "practitionerIds": ["dr-martin"], "from": "2026-03-02T00:00:00+01:00"]
        for (k, v) in extra { o[k] = v }
        return .object(o)
    }

    static func booking(_ slot: JSONValue, patientId: String) -> JSONValue {
        [
            "practitionerId": slot["practitionerId"]!, "siteId": slot["siteId"]!, "start": slot["start"]!,
            "appointmentTypeId": slot["appointmentTypeId"]!, "patientId": .string(patientId)
        ]
    }

    @Test func drMartinsPatientIsBookedWithoutTheFlagAndANewPatientIsSentElsewhere() throws {
        var server = try ServerProcess.tcp(clock: Self.monday)
        defer { server.stop() }
        var secretary = try server.client(role: "secretary")

        // Dr Martin's patient, entered for the first time, with the practitioner following her.
        let followed = try secretary.result(
            "patients.create",
            [
                "lastName": "Bernard", "firstName": "Anne", "birthDate": "1961-05-04",
                "phone": "06 39 98 10 01", "followedBy": ["dr-martin"]
            ])
        let followedId = try #require(followed["id"]?.stringValue)
        #expect(followed["followedBy"] == ["dr-martin"])
        let offered = try secretary.result("agenda.findSlots", Self.martin(["patientId": .string(followedId)]))
        let slot = try #require(offered.arrayValue?.first)
        let booked = try secretary.result("agenda.book", Self.booking(slot, patientId: followedId))
        #expect(booked["practitionerId"] == "dr-martin")
        #expect(booked["newPatient"] == false)

        // A patient booked once with Dr Martin (the console said so then) is hers from then on.
        let regular = try secretary.result(
            "patients.create",
            [
                "lastName": "Colin", "firstName": "Marc", "birthDate": "1958-11-20",
                "phone": "06 39 98 10 02"
            ])
        let regularId = try #require(regular["id"]?.stringValue)
        var first = Self.booking(try #require(offered.arrayValue?.dropFirst().first), patientId: regularId).objectValue!
        first["newPatient"] = false
        _ = try secretary.result("agenda.book", .object(first))
        let again = try secretary.result("agenda.findSlots", Self.martin(["patientId": .string(regularId), "from": "2026-03-09T00:00:00+01:00"]))
        let second = try secretary.result("agenda.book", Self.booking(try #require(again.arrayValue?.first), patientId: regularId))
        #expect(second["newPatient"] == false)

        // A new patient asking for Dr Martin: why, and who else.
        let newcomer = try secretary.result(
            "patients.create",
            [
                "lastName": "Durand", "firstName": "Paul", "birthDate": "1990-04-12",
                "phone": "06 39 98 10 03"
            ])
        let newcomerId = try #require(newcomer["id"]?.stringValue)
        #expect(try secretary.result("agenda.findSlots", Self.martin(["patientId": .string(newcomerId)])) == [])
        let refused = try secretary.call("agenda.book", Self.booking(slot, patientId: newcomerId))
        #expect(refused["error"]?["code"] == -32022)
        let explained = try secretary.result("agenda.findSlots", Self.martin(["patientId": .string(newcomerId), "explain": true]))
        #expect(explained["slots"] == [])
        #expect(explained["reason"] == "noNewPatients")
        let alternatives = try #require(explained["alternatives"]?.arrayValue)
        #expect(!alternatives.isEmpty)
        #expect(alternatives.allSatisfy { $0["practitionerId"] != "dr-martin" })
        let message = try #require(explained["message"]?.stringValue)
        #expect(message.hasPrefix("Dr Claire Martin ne prend pas de nouveaux patients → Dr "), "\(message)")
        #expect(message.contains("premier créneau lundi 2 mars à 8 h 30"), "\(message)")
        let next = try secretary.result(
            "agenda.nextAvailable",
            [
                "appointmentTypeId": "consultation", "practitionerIds": ["dr-martin"],
                "patientId": .string(newcomerId)
            ])
        #expect(next["start"] == nil)
        #expect(next["reason"] == "noNewPatients")
        // The alternative is booked as it is offered: a new patient of another practitioner.
        let elsewhere = try secretary.result("agenda.book", Self.booking(alternatives[0], patientId: newcomerId))
        #expect(elsewhere["practitionerId"] == alternatives[0]["practitionerId"])
        #expect(elsewhere["newPatient"] == true)

        // The record keeps its practitioners across a restart.
        server.stop()
        server = try server.restart(clock: Self.monday)
        secretary = try server.client(role: "secretary")
        #expect(try secretary.result("patients.get", ["patientId": .string(followedId)])["followedBy"] == ["dr-martin"])
    }
}
