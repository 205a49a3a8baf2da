import Foundation
import GRDB
import JSONRPC
import Kernel
import PermanenceTesting
import RPCTestSupport
import Testing

@testable import Practice

/// Two practices, `cab-a` and `cab-b`, on one database file, each host with its own store (as two
/// nodes of one service): what one practice holds (patients, related persons, followers, the
/// contact journal) is invisible and unchangeable through the other.
@Suite struct PracticeSeparationTests {
    /// Harnesses of `cab-a` and `cab-b` on one new database file (contacts kept 30 days by both).
    static func practices() async throws -> (a: PracticeHarness, b: PracticeHarness) {
        let path = try PracticeDatabase.temporaryPath()
        let retention = "\nprivacy:\n  retention:\n    contacts: 30\n"
        let a = try await PracticeHarness(
            yaml: PracticeDatabase.example(ExamplePractice.yaml, practiceId: "cab-a") + retention, store: try Store(path: path))
        let b = try await PracticeHarness(
            yaml: PracticeDatabase.example(ExamplePractice.yaml, practiceId: "cab-b") + retention, store: try Store(path: path))
        return (a, b)
    }

    /// A patient of `h` with a related person and a follower, and a call from the patient; answers the id.
    static func seed(_ h: PracticeHarness) async throws -> String {
        let id = try await h.createPatient(
            "Lefèvre", "Hélène", born: "1984-07-19", phone: "06 45 87 12 03",
            extra: [
                "relatedPersons": [["relationship": "parent", "name": "Marc Lefèvre", "phone": "06 45 87 12 99"]],
                "followedBy": ["dr-martin"]
            ])
        _ = try await h.ok(
            "contacts.record",
            [
                "channel": "phone", "direction": "inbound", "motive": "results", "offeredAt": "2026-06-15T09:00:00+02:00",
                "caller": ["phone": "06 45 87 12 03", "relationship": "self"], "patientId": .string(id)
            ])
        return id
    }

    /// Every method naming a patient, with A's patient (and its related person) as params.
    static func byId(_ id: String, relatedPersonId: String) -> [(String, JSONValue)] {
        [
            ("patients.get", ["patientId": .string(id)]),
            ("patients.update", ["patientId": .string(id), "lastName": "Martin"]),
            ("patients.addRelatedPerson", ["patientId": .string(id), "relationship": "other", "name": "Paul", "phone": "06 11 22 33 44"]),
            ("patients.removeRelatedPerson", ["patientId": .string(id), "relatedPersonId": .string(relatedPersonId)]),
            ("patients.export", ["patientId": .string(id)]),
            ("patients.erase", ["patientId": .string(id), "reason": "Demande de la patiente"]),
            ("contacts.history", ["patientId": .string(id)]),
            (
                "contacts.record",
                [
                    "channel": "phone", "direction": "inbound", "motive": "other", "offeredAt": "2026-06-15T09:10:00+02:00",
                    "caller": ["relationship": "self"], "patientId": .string(id)
                ]
            )
        ]
    }

    @Test func anotherPracticeFindsNoneOfThePatientsAndChangesNothing() async throws {
        let (a, b) = try await Self.practices()
        let id = try await Self.seed(a)
        let before = try await a.ok("patients.get", ["patientId": .string(id)])
        let relatedPersonId = try #require(before["relatedPersons"]?.arrayValue?.first?["id"]?.stringValue)

        #expect(try await b.ok("patients.search", ["text": "Lefèvre"])["patients"] == [])
        #expect(try await b.ok("patients.search", ["phone": "06 45 87 12 03"])["patients"] == [])
        #expect(try await b.ok("patients.search", ["phone": "06 45 87 12 99"])["patients"] == [])
        #expect(try await b.ok("contacts.history", ["phone": "06 45 87 12 03"])["entries"] == [])
        for (method, params) in Self.byId(id, relatedPersonId: relatedPersonId) {
            let error = try await b.failure(method, params)
            #expect(error.code == .notFound, "\(method)")
            #expect(error.field == "patientId", "\(method)")
        }
        // The services other modules call answer for their practice only.
        let seen = try await b.host.store.read { db in
            (
                PatientRegistry.exists(id, practiceId: "cab-b", in: db), try PatientRegistry.patientIds(phone: "+33645871203", practiceId: "cab-b", in: db),
                try PatientRegistry.followedBy(id, practiceId: "cab-b", in: db),
                try ContactJournal.history(patientId: id, phone: "+33645871203", from: nil, to: nil, practiceId: "cab-b", in: db)
            )
        }
        #expect(seen.0 == false && seen.1.isEmpty && seen.2 == nil && seen.3.isEmpty)

        // A's patient is as it was, with its one contact and no erasure.
        #expect(try await a.ok("patients.get", ["patientId": .string(id)]) == before)
        #expect(try await a.ok("contacts.history", ["patientId": .string(id)])["entries"]?.arrayValue?.count == 1)
        #expect(try await a.ok("patients.search", ["phone": "06 45 87 12 99"])["patients"]?.arrayValue?.count == 1)
    }

    @Test func theSamePatientInAnotherPracticeIsNotADuplicateAndCallsIdentifyTheirOwn() async throws {
        let (a, b) = try await Self.practices()
        let idA = try await Self.seed(a)
        // In A the same person again is a duplicate; in B it is B's first patient.
        let twice = try await a.failure(
            "patients.create", ["lastName": "Lefèvre", "firstName": "Hélène", "birthDate": "1984-07-19", "phone": "06 45 87 12 03"])
        #expect(twice.code == .conflict)
        let idB = try await Self.seed(b)
        #expect(idA != idB)
        for (h, mine) in [(a, idA), (b, idB)] {
            let sheet = try await h.ok("calls.identify", ["dialled": "+33465710010", "caller": "06 45 87 12 03", "at": "2026-06-15T10:00:00+02:00"])
            #expect(sheet["patients"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == [mine])
            #expect(sheet["recentContacts"] == 1)
            #expect(try await h.ok("patients.search", ["text": "Lefèvre"])["patients"]?.arrayValue?.count == 1)
        }
        // B's export of its patient holds B's contact only, though A's came from the same number.
        let export = try await b.ok("patients.export", ["patientId": .string(idB)])
        #expect(export["data"]?["contacts"]?.arrayValue?.count == 1)
        // B's erasure leaves A's patient and journal whole.
        _ = try await b.ok("patients.erase", ["patientId": .string(idB), "reason": "Demande de la patiente"])
        #expect(try await a.ok("patients.get", ["patientId": .string(idA)])["lastName"] == "Lefèvre")
        #expect(try await a.ok("contacts.history", ["patientId": .string(idA)])["entries"]?.arrayValue?.first?["caller"]?["phone"] == "+33645871203")
    }

    @Test func aPracticesRetentionPurgeRemovesItsOwnContactsOnly() async throws {
        let (a, b) = try await Self.practices()
        for h in [a, b] {
            _ = try await h.ok(
                "contacts.record",
                [
                    "channel": "phone", "direction": "inbound", "motive": "other", "offeredAt": "2026-01-05T09:00:00+01:00",
                    "caller": ["phone": "06 45 87 12 03", "relationship": "self"]
                ])
        }
        let purged = try await b.ok("privacy.purge")
        #expect(purged["counts"]?["contacts"] == 1)
        #expect(try await a.ok("contacts.history", ["phone": "06 45 87 12 03"])["entries"]?.arrayValue?.count == 1)
        #expect(try await b.ok("contacts.history", ["phone": "06 45 87 12 03"])["entries"] == [])
        // B's purge wrote B's audit row; A's trail has none.
        #expect(try await b.host.audit.entries(method: "privacy.retention").count == 1)
        #expect(try await a.host.audit.entries(method: "privacy.retention").isEmpty)
    }
}

/// A database written before rows carried their practice, opened by this code.
@Suite struct PracticeUpgradeTests {
    @Test func everyRowIsKeptForTheOwnerAndAnotherPracticeSeesNone() async throws {
        let path = try PracticeDatabase.singlePracticeV1()
        let owner = try await PracticeHarness(
            yaml: PracticeDatabase.example(ExamplePractice.yaml, practiceId: nil), now: "2026-03-10T10:00:00+01:00", store: try Store(path: path))
        #expect(owner.host.practiceId == "default")
        let tags = try await owner.host.store.read { db in
            try ["practice_patient", "practice_related_person", "practice_patient_follower", "practice_contact"].map { table in
                (
                    table, try db.values(String.self, "SELECT DISTINCT practiceId FROM \(table)"),
                    try db.value(Int.self, "SELECT count(*) FROM \(table)") ?? 0
                )
            }
        }
        for (table, practices, _) in tags where !practices.isEmpty { #expect(practices == ["default"], "\(table)") }
        #expect(tags.first { $0.0 == "practice_patient" }?.2 == 2)
        #expect(tags.first { $0.0 == "practice_contact" }?.2 ?? 0 >= 1)

        let found = try await owner.ok("patients.search", ["text": "Moreau"])
        let id = try #require(found["patients"]?.arrayValue?.first?["id"]?.stringValue)
        #expect(try await owner.ok("patients.get", ["patientId": .string(id)])["firstName"] == "Léa")
        #expect(try await owner.ok("contacts.history", ["patientId": .string(id)])["entries"]?.arrayValue?.isEmpty == false)
        let sheet = try await owner.ok("calls.identify", ["dialled": "+33465710010", "caller": "+33612345678"])
        #expect(sheet["patients"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == [id])
        // Duplicate detection still finds the old patient.
        let again = try await owner.failure(
            "patients.create", ["lastName": "Moreau", "firstName": "Léa", "birthDate": "1984-05-02", "phone": "+33612345678"])
        #expect(again.code == .conflict)

        let other = try await PracticeHarness(
            yaml: PracticeDatabase.example(ExamplePractice.yaml, practiceId: "other"), now: "2026-03-10T10:00:00+01:00", store: try Store(path: path))
        #expect(try await other.ok("patients.search", ["text": "Moreau"])["patients"] == [])
        #expect(try await other.ok("contacts.history", ["phone": "+33612345678"])["entries"] == [])
        #expect(try await other.failure("patients.get", ["patientId": .string(id)]).code == .notFound)
        let otherSheet = try await other.ok("calls.identify", ["dialled": "+33465710010", "caller": "+33612345678"])
        #expect(otherSheet["patients"] == [])
        #expect(otherSheet["recentContacts"] == 0)
    }
}
