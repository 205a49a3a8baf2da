import Foundation
import JSONRPC
import Kernel
import PermanenceTesting
import Testing

@testable import Practice

/// `patients.*` through the dispatcher: normalisation, duplicates, search, updates, related persons.
@Suite struct PatientsRPCTests {
    @Test(
        "phones are stored in E.164 whatever the French form",
        arguments: [
            ("06 12 34 56 78", "+33612345678"),
            ("06.12.34.56.78", "+33612345678"),
            ("0612345678", "+33612345678"),
            ("+33 6 12 34 56 78", "+33612345678"),
            ("+33 (0)6 12 34 56 78", "+33612345678"),
            ("0033 6 12 34 56 78", "+33612345678"),
            ("04-65-71-00-10", "+33465710010"),
            ("0690 12 34 56", "+590690123456")
        ])
    func phoneNormalisation(_ input: String, _ e164: String) async throws {
        let h = try await PracticeHarness()
        let patient = try await h.ok(
            "patients.create",
            [
                "lastName": "Durand", "firstName": "Paul", "birthDate": "1990-04-12",
                "phone": .string(input),
                "relatedPersons": [["relationship": "parent", "name": "Anne Durand", "phone": .string(input)]]
            ])
        #expect(patient["phone"]?.stringValue == e164)
        #expect(patient["relatedPersons"]?[0]?["phone"]?.stringValue == e164)
        let found = try await h.ok("patients.search", ["phone": .string(input)])
        #expect(found["patients"]?.arrayValue?.count == 1)
    }

    static let valid: JSONObject = ["lastName": "Durand", "firstName": "Paul", "birthDate": "1990-04-12", "phone": "06 12 34 56 78"]
    static func create(_ changes: JSONObject) -> JSONValue {
        var o = valid
        for (k, v) in changes { o[k] = v }
        return .object(o)
    }

    @Test(
        "bad input is refused naming the field",
        arguments: [
            ("patients.create", create(["birthDate": "2026-02-30"]), -32602, "birthDate"),
            ("patients.create", create(["birthDate": "1990-13-01"]), -32602, "birthDate"),
            ("patients.create", create(["birthDate": "12/04/1990"]), -32602, "birthDate"),
            ("patients.create", create(["birthDate": "2026-06-16"]), -32022, "birthDate"), // tomorrow
            ("patients.create", create(["birthDate": "1850-01-01"]), -32022, "birthDate"),
            ("patients.create", create(["phone": "06 12 34 56 7"]), -32602, "phone"), // 9 digits
            ("patients.create", create(["phone": "612345678"]), -32602, "phone"),
            ("patients.create", create(["phone": "06 12 34 56 78 9"]), -32602, "phone"),
            ("patients.create", create(["phone": "06 12 AB 56 78"]), -32602, "phone"),
            ("patients.create", create(["email": "paul.durand"]), -32602, "email"),
            ("patients.create", create(["lastName": "  "]), -32022, "lastName"),
            ("patients.create", create(["firstName": nil]), -32602, "firstName"),
            ("patients.create", create(["relatedPersons": [["relationship": "parent", "name": "A", "phone": "0612"]]]), -32602, "relatedPersons[0].phone"),
            (
                "patients.create", create(["relatedPersons": [["relationship": "uncle", "name": "A", "phone": "0612345678"]]]), -32602,
                "relatedPersons[0].relationship"
            ),
            ("patients.create", create(["nickname": "Polo"]), -32602, "nickname"),
            ("patients.get", ["patientId": "pt_unknown"], -32004, "patientId"),
            ("patients.update", ["patientId": "pt_unknown", "email": "a@b.fr"], -32004, "patientId"),
            ("patients.search", [:], -32602, "text"),
            ("patients.search", ["text": " - "], -32602, "text"),
            ("patients.search", ["phone": "06 12"], -32602, "phone"),
            ("patients.search", ["birthDate": "2026-02-30"], -32602, "birthDate"),
            ("patients.search", ["text": "durand", "limit": 0], -32602, "limit"),
            ("calendar.isOpen", ["siteId": "gare"], -32022, "siteId")
        ] as [(String, JSONValue, Int, String)])
    func badInput(_ method: String, _ params: JSONValue, _ code: Int, _ field: String) async throws {
        let h = try await PracticeHarness(now: "2026-06-15T10:00:00+02:00")
        let error = try await h.failure(method, params)
        #expect(error.code.rawValue == code, "\(error)")
        #expect(error.field == field, "\(error)")
    }

    @Test func createGetAndEvent() async throws {
        let h = try await PracticeHarness()
        let created = try await h.ok(
            "patients.create",
            [
                "lastName": "Lefèvre-Dubois", "firstName": "Hélène", "birthDate": "1980-02-29", "phone": "06 12 34 56 78",
                "email": " helene@example.fr ", "address": ["street": "4 rue des Lilas", "postalCode": "26410", "city": "Villeneuve-sur-Lauze"],
                "insurance": ["regime": "régime général", "mutuelle": "MGEN", "tiersPayant": true]
            ])
        let id = try #require(created["id"]?.stringValue)
        #expect(created["version"]?.intValue == 1)
        #expect(created["email"]?.stringValue == "helene@example.fr")
        #expect(created["createdAt"]?.stringValue == "2026-06-15T10:00:00+02:00")
        let got = try await h.ok("patients.get", ["patientId": .string(id)])
        #expect(got == created)
        #expect(got["insurance"]?["mutuelle"]?.stringValue == "MGEN")
        #expect(got["address"]?["city"]?.stringValue == "Villeneuve-sur-Lauze")
        #expect(h.events.params("patients.created").map { $0["id"]?.stringValue } == [id])
        // The service other modules call inside their transactions.
        let (exists, missing, summary) = try await h.host.store.read { db in
            (
                PatientRegistry.exists(id, practiceId: h.host.practiceId, in: db), PatientRegistry.exists("pt_nobody", practiceId: h.host.practiceId, in: db),
                PatientRegistry.summary(id, practiceId: h.host.practiceId, in: db)
            )
        }
        #expect(exists && !missing)
        #expect(summary?.name == "Hélène Lefèvre-Dubois")
        #expect(summary?.phone == "+33612345678")
    }

    @Test func likelyDuplicatesNeedForce() async throws {
        let h = try await PracticeHarness()
        let first = try await h.createPatient("Lefèvre-Dubois", "Hélène", born: "1980-02-29")
        let params: JSONValue = ["lastName": "LEFEVRE DUBOIS", "firstName": "helene", "birthDate": "1980-02-29", "phone": "07 00 00 00 01"]
        let error = try await h.failure("patients.create", params)
        #expect(error.code.rawValue == -32009)
        #expect(error.data?["existingId"]?.stringValue == first)
        // Another birth date is another person.
        _ = try await h.createPatient("Lefèvre-Dubois", "Hélène", born: "2011-05-03")
        var forced = params.objectValue!
        forced["force"] = true
        let second = try await h.ok("patients.create", .object(forced))
        #expect(second["id"]?.stringValue != first)
    }

    static let people: [(String, String, String, String)] = [
        ("Lefèvre-Dubois", "Hélène", "1980-02-29", "06 12 34 56 78"),
        ("Le Goff", "Jean-Pierre", "1975-06-01", "06 11 11 11 11"),
        ("Martin", "Martine", "1962-11-30", "06 22 22 22 22"),
        ("Dupont", "Héloïse", "2019-08-15", "06 33 33 33 33"),
        ("Çelik", "Œdipe", "2001-01-01", "06 44 44 44 44"),
        ("O'Brien", "Seán", "1999-03-03", "+353 85 123 4567")
    ]

    @Test(
        "search ignores case, accents and hyphens",
        arguments: [
            (["text": "helene lefevre"], ["Lefèvre-Dubois"]),
            (["text": "HÉLÈNE LEFÈVRE-DUBOIS"], ["Lefèvre-Dubois"]),
            (["text": "lefevre dubois"], ["Lefèvre-Dubois"]),
            (["text": "dubois hel"], ["Lefèvre-Dubois"]),
            (["text": "hel"], ["Dupont", "Lefèvre-Dubois"]),
            (["text": "legoff"], ["Le Goff"]),
            (["text": "le goff jean pierre"], ["Le Goff"]),
            (["text": "jeanpierre"], ["Le Goff"]),
            (["text": "martin"], ["Martin"]),
            (["text": "celik oedipe"], ["Çelik"]),
            (["text": "obrien sean"], ["O'Brien"]),
            (["text": "o brien"], ["O'Brien"]),
            (["text": "lefevre", "birthDate": "1980-02-29"], ["Lefèvre-Dubois"]),
            (["text": "lefevre", "birthDate": "1980-03-01"], []),
            (["birthDate": "2019-08-15"], ["Dupont"]),
            (["phone": "+33 6 11 11 11 11"], ["Le Goff"]),
            (["phone": "00353851234567"], ["O'Brien"]),
            (["phone": "06 99 99 99 99"], ["Dupont"]), // the mother's number
            (["text": "zorro"], [])
        ] as [(JSONValue, [String])])
    func search(_ params: JSONValue, _ expected: [String]) async throws {
        let h = try await PracticeHarness()
        for (last, first, born, phone) in Self.people {
            var extra: JSONObject = [:]
            if last == "Dupont" { extra["relatedPersons"] = [["relationship": "parent", "name": "Claire Dupont", "phone": "06 99 99 99 99"]] }
            _ = try await h.createPatient(last, first, born: born, phone: phone, extra: extra)
        }
        let r = try await h.ok("patients.search", params)
        #expect(r["patients"]?.arrayValue?.compactMap { $0["lastName"]?.stringValue } == expected)
        #expect(r["truncated"]?.boolValue == false)
    }

    @Test func searchLimitTruncates() async throws {
        let h = try await PracticeHarness()
        for i in 1...5 { _ = try await h.createPatient("Bernard", "Luc", born: "2000-01-0\(i)") }
        let r = try await h.ok("patients.search", ["text": "bernard", "limit": 3])
        #expect(r["patients"]?.arrayValue?.count == 3)
        #expect(r["truncated"]?.boolValue == true)
    }

    @Test func updateWithVersions() async throws {
        let h = try await PracticeHarness()
        let id = try await h.createPatient("Durand", "Paul", born: "1990-04-12", extra: ["email": "paul@example.fr"])
        let v2 = try await h.ok("patients.update", ["patientId": .string(id), "phone": "07.12.34.56.78", "email": nil, "version": 1])
        #expect(v2["version"]?.intValue == 2)
        #expect(v2["phone"]?.stringValue == "+33712345678")
        #expect(v2["email"] == nil)
        #expect(v2["lastName"]?.stringValue == "Durand")
        // Somebody still holding version 1 is refused.
        let stale = try await h.failure("patients.update", ["patientId": .string(id), "firstName": "Pierre", "version": 1])
        #expect(stale.code.rawValue == -32009)
        #expect(stale.data?["currentVersion"]?.intValue == 2)
        // No change: same version, no event.
        let same = try await h.ok("patients.update", ["patientId": .string(id), "lastName": "Durand"])
        #expect(same["version"]?.intValue == 2)
        #expect(h.events.params("patients.updated").count == 1)
        // Required fields cannot be cleared; birth dates follow the same rules as on create.
        let cleared = try await h.failure("patients.update", ["patientId": .string(id), "phone": nil])
        #expect(cleared.code.rawValue == -32602 && cleared.field == "phone")
        let future = try await h.failure("patients.update", ["patientId": .string(id), "birthDate": "2030-01-01"])
        #expect(future.code.rawValue == -32022 && future.field == "birthDate")
        // Renaming into another patient's identity is a likely duplicate.
        let other = try await h.createPatient("Petit", "Léa", born: "1990-04-12")
        let dup = try await h.failure("patients.update", ["patientId": .string(other), "lastName": "Durand", "firstName": "Paul"])
        #expect(dup.code.rawValue == -32009)
        #expect(dup.data?["existingId"]?.stringValue == id)
    }

    @Test func relatedPersons() async throws {
        let h = try await PracticeHarness()
        let id = try await h.createPatient("Dupont", "Léo", born: "2020-02-02")
        let added = try await h.ok(
            "patients.addRelatedPerson",
            [
                "patientId": .string(id), "relationship": "parent",
                "name": "Claire Dupont", "phone": "06 99 99 99 99"
            ])
        let mother = try #require(added["relatedPersons"]?[0])
        #expect(mother["relationship"]?.stringValue == "parent")
        #expect(mother["phone"]?.stringValue == "+33699999999")
        _ = try await h.ok(
            "patients.addRelatedPerson",
            [
                "patientId": .string(id), "relationship": "caregiver",
                "name": "Nounou Sophie", "phone": "0611223344"
            ])
        let ids = try await h.host.store.read { db in try PatientRegistry.patientIds(phone: "+33699999999", practiceId: h.host.practiceId, in: db) }
        #expect(ids == [id])
        let removed = try await h.ok("patients.removeRelatedPerson", ["patientId": .string(id), "relatedPersonId": mother["id"]!])
        #expect(removed["relatedPersons"]?.arrayValue?.map { $0["name"]?.stringValue } == ["Nounou Sophie"])
        #expect(removed["version"]?.intValue == 4) // created, two additions, one removal
        let unknown = try await h.failure("patients.removeRelatedPerson", ["patientId": .string(id), "relatedPersonId": "rp_nobody"])
        #expect(unknown.code.rawValue == -32004 && unknown.field == "relatedPersonId")
        // Through update: the whole list is replaced; a person already listed keeps their id.
        let nanny = try #require(removed["relatedPersons"]?[0]?["id"]?.stringValue)
        let replaced = try await h.ok(
            "patients.update",
            [
                "patientId": .string(id),
                "relatedPersons": [
                    ["relationship": "caregiver", "name": "Nounou Sophie", "phone": "06 11 22 33 44"],
                    ["relationship": "guardian", "name": "Marc Dupont", "phone": "06 55 55 55 55"]
                ]
            ])
        #expect(replaced["relatedPersons"]?[0]?["id"]?.stringValue == nanny)
        #expect(replaced["relatedPersons"]?[1]?["relationship"]?.stringValue == "guardian")
    }

    @Test func patientMethodsNeedTheSecretaryRole() async throws {
        let h = try await PracticeHarness()
        let script = h.session(role: .integration)
        let r = await h.call("patients.search", ["text": "durand"], as: script)
        #expect(throws: RPCError.self) { try r.get() }
        if case .failure(let e) = r { #expect(e.code.rawValue == -32002) }
    }
}
