import Foundation
import JSONRPC
import Kernel
import Testing

@testable import Practice

/// Oversized patient and contact input is refused before any work, naming the field; search stays
/// within bounds that SQLite cannot trip over.
@Suite struct PatientInputBoundsTests {
    static let patient: JSONObject = ["lastName": "Durand", "firstName": "Paul", "birthDate": "1990-04-12", "phone": "06 12 34 56 78"]
    static func create(_ changes: JSONObject) -> JSONValue {
        var o = patient
        for (k, v) in changes { o[k] = v }
        return .object(o)
    }
    static func long(_ n: Int, _ unit: String = "a") -> JSONValue { .string(String(repeating: unit, count: n)) }

    @Test(
        "long input is -32602 naming the field",
        arguments: [
            ("patients.create", create(["lastName": long(1_000_000)]), "lastName"),
            ("patients.create", create(["lastName": long(101)]), "lastName"),
            ("patients.create", create(["firstName": long(50_000, "é")]), "firstName"),
            ("patients.create", create(["phone": long(41, "0")]), "phone"),
            ("patients.create", create(["email": long(255)]), "email"),
            ("patients.create", create(["address": ["city": long(201)]]), "address.city"),
            ("patients.create", create(["insurance": ["mutuelle": long(201)]]), "insurance.mutuelle"),
            ("patients.create", create(["relatedPersons": [["relationship": "parent", "name": long(101), "phone": "0612345678"]]]), "relatedPersons[0].name"),
            (
                "patients.create",
                create(["relatedPersons": .array(Array(repeating: ["relationship": "parent", "name": "A", "phone": "0612345678"], count: 21))]),
                "relatedPersons"
            ),
            ("patients.update", ["patientId": "pt_x", "lastName": long(1_000_000)], "lastName"),
            ("patients.update", ["patientId": "pt_x", "email": long(300)], "email"),
            ("patients.get", ["patientId": long(65)], "patientId"),
            ("patients.search", ["text": long(49_999)], "text"),
            ("patients.search", ["text": .string(Array(repeating: "ab", count: 990).joined(separator: " "))], "text"),
            ("patients.search", ["text": long(125_000, "lefevre ")], "text"),
            ("patients.search", ["text": "a b c d e f g h i"], "text"),
            ("patients.search", ["phone": long(100, "6")], "phone"),
            (
                "contacts.record",
                [
                    "channel": "phone", "direction": "inbound", "motive": "other", "offeredAt": "2026-06-15T09:00:00+02:00",
                    "caller": ["relationship": "self", "name": long(1_000_000)]
                ], "caller.name"
            ),
            (
                "contacts.record",
                [
                    "channel": "phone", "direction": "inbound", "motive": "other", "offeredAt": "2026-06-15T09:00:00+02:00",
                    "caller": ["relationship": "self"], "notes": long(10_001)
                ], "notes"
            ),
            ("contacts.history", ["phone": long(1000, "6")], "phone")
        ] as [(String, JSONValue, String)])
    func refused(_ method: String, _ params: JSONValue, _ field: String) async throws {
        let h = try await PracticeHarness()
        let error = try await h.failure(method, params)
        #expect(error.code == .invalidParams)
        #expect(error.field == field, "\(error)")
        #expect(!error.description.contains("SELECT") && !error.description.contains("LIKE"))
    }

    @Test func searchAtTheBoundsStillWorks() async throws {
        let h = try await PracticeHarness()
        let id = try await h.createPatient("Lefèvre-Dubois", "Hélène", born: "1980-02-29")
        // Eight words, all prefixes of the names (two may match the same word).
        let r = try await h.ok("patients.search", ["text": "h he hel lef lefe dub dubo helene"])
        #expect(r["patients"]?[0]?["id"] == .string(id))
        // The longest text accepted, one word: no match, no error.
        let none = try await h.ok("patients.search", ["text": .string(String(repeating: "a", count: PatientsSearch.maximumTextLength))])
        #expect(none["patients"] == [])
    }

    @Test func aNameOfAHundredAccentedLettersIsAccepted() async throws {
        let h = try await PracticeHarness()
        let name = String(repeating: "é", count: 100)
        let r = try await h.ok("patients.create", Self.create(["lastName": .string(name)]))
        #expect(r["lastName"] == .string(name))
    }
}
