import Foundation
import GRDB
import JSONRPC
import Kernel
import PermanenceTesting
import Testing

@testable import Practice

/// `followedBy` on the patient record: the practitioners a patient is followed by, set by the
/// practice, checked against the practitioners, shown by `patients.get` and read by the agenda.
@Suite struct PatientFollowersTests {
    static let paul: JSONObject = ["lastName": "Durand", "firstName": "Paul", "birthDate": "1990-04-12", "phone": "06 12 34 56 78"]

    static func paul(_ changes: JSONObject) -> JSONValue {
        var o = paul
        for (k, v) in changes { o[k] = v }
        return .object(o)
    }

    @Test func createdWithFollowersShowsThemInOrderWithoutRepeats() async throws {
        let h = try await PracticeHarness()
        let created = try await h.ok("patients.create", Self.paul(["followedBy": ["dr-roux", " dr-martin", "dr-roux"]]))
        #expect(created["followedBy"] == ["dr-roux", "dr-martin"])
        let id = try #require(created["id"]?.stringValue)
        let got = try await h.ok("patients.get", ["patientId": .string(id)])
        #expect(got["followedBy"] == ["dr-roux", "dr-martin"])
        let found = try await h.ok("patients.search", ["text": "durand"])
        #expect(found["patients"]?[0]?["followedBy"] == ["dr-roux", "dr-martin"])
        // The service other modules read, in their own transaction.
        let read = try await h.host.store.read { db in try PatientRegistry.followedBy(id, practiceId: h.host.practiceId, in: db) }
        #expect(read == ["dr-roux", "dr-martin"])
    }

    @Test func aPatientWithoutFollowersHasAnEmptyListAndAnUnknownOneNone() async throws {
        let h = try await PracticeHarness()
        let id = try await h.createPatient("Durand", "Paul", born: "1990-04-12")
        #expect(try await h.ok("patients.get", ["patientId": .string(id)])["followedBy"] == [])
        let unknown = try await h.host.store.read { db in try PatientRegistry.followedBy("pt_unknown", practiceId: h.host.practiceId, in: db) }
        #expect(unknown == nil)
    }

    @Test(
        "an unknown practitioner is refused naming the entry",
        arguments: [
            ("patients.create", paul(["followedBy": ["dr-martin", "dr-house"]]), -32022, "followedBy[1]"),
            ("patients.create", paul(["followedBy": "dr-martin"]), -32602, "followedBy"),
            ("patients.create", paul(["followedBy": [3]]), -32602, "followedBy[0]")
        ] as [(String, JSONValue, Int, String)])
    func unknownPractitioner(_ method: String, _ params: JSONValue, code: Int, field: String) async throws {
        let h = try await PracticeHarness()
        let error = try await h.failure(method, params)
        #expect(error.code.rawValue == code)
        #expect(error.data?["field"] == .string(field))
        #expect(try await h.ok("patients.search", ["text": "durand"])["patients"] == [])
    }

    @Test func updateReplacesClearsAndKeepsTheList() async throws {
        let h = try await PracticeHarness()
        let id = try await h.createPatient("Durand", "Paul", born: "1990-04-12", extra: ["followedBy": ["dr-martin"]])
        let replaced = try await h.ok("patients.update", ["patientId": .string(id), "followedBy": ["dr-benali", "dr-nguyen"], "version": 1])
        #expect(replaced["followedBy"] == ["dr-benali", "dr-nguyen"])
        #expect(replaced["version"] == 2)
        let kept = try await h.ok("patients.update", ["patientId": .string(id), "email": "paul@example.fr"])
        #expect(kept["followedBy"] == ["dr-benali", "dr-nguyen"])
        let same = try await h.ok("patients.update", ["patientId": .string(id), "followedBy": ["dr-benali", "dr-nguyen"]])
        #expect(same["version"] == 3) // nothing changed: no new version
        let cleared = try await h.ok("patients.update", ["patientId": .string(id), "followedBy": .null])
        #expect(cleared["followedBy"] == [])
        #expect(try await h.ok("patients.get", ["patientId": .string(id)])["followedBy"] == [])
        let refused = try await h.failure("patients.update", ["patientId": .string(id), "followedBy": ["dr-house"]])
        #expect(refused.code.rawValue == -32022)
        #expect(refused.data?["field"] == "followedBy[0]")
        #expect(h.events.params("patients.updated").last?["followedBy"] == [])
    }
}
