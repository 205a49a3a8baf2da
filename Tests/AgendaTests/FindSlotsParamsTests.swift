import Foundation
import JSONRPC
import Kernel
import Testing

@testable import Agenda

/// `agenda.findSlots` reads its params directly; what it reads must be what `Decodable` reads, and
/// anything else must go to `Decodable`, which names the field in the error.
@Suite struct FindSlotsParamsTests {
    static let base: JSONObject = [
        "appointmentTypeId": "consultation", "practitionerIds": ["dr-benali"],
        "from": "2026-03-02T00:00:00+01:00", "newPatient": false
    ]

    static func with(_ changes: [String: JSONValue?]) -> JSONObject {
        var o = base
        for (k, v) in changes { o[k] = v }
        return o
    }

    static let wellFormed: [JSONObject] = [
        base,
        with(["to": "2026-03-05T00:00:00Z", "limit": 5, "siteId": "chenes", "specialty": "x"]),
        with(["practitionerIds": .null, "specialty": "Pediatrie", "to": .null, "limit": .null, "siteId": .null]),
        with(["practitionerIds": [], "from": "2026-03-02T00:00:00.250Z"]),
        with(["limit": .number("5.0")]),
        with(["practitionerIds": nil]),
        with(["newPatient": nil, "patientId": "pat-dupont", "explain": true]),
        with(["newPatient": .null, "patientId": .null, "explain": .null])
    ]

    @Test(arguments: wellFormed)
    func readsWhatDecodableReads(_ params: JSONObject) throws {
        let decoded = try JSONValueDecoder().decode(FindSlots.Params.self, from: .object(params))
        // The reader may leave an unusual spelling (5.0 for 5) to `Decodable`; what it reads must match.
        if let read = try? FindSlots.Params(reading: ParamsReader(params)) {
            #expect(read.appointmentTypeId == decoded.appointmentTypeId && read.practitionerIds == decoded.practitionerIds)
            #expect(read.specialty == decoded.specialty && read.siteId == decoded.siteId)
            #expect(read.from.timeIntervalSince1970 == decoded.from.timeIntervalSince1970)
            #expect(read.to?.timeIntervalSince1970 == decoded.to?.timeIntervalSince1970)
            #expect(read.limit == decoded.limit && read.newPatient == decoded.newPatient)
            #expect(read.patientId == decoded.patientId && read.explain == decoded.explain)
        } else {
            #expect(params["limit"] == .number("5.0"))
        }
    }

    static let malformed: [(JSONObject, String)] = [
        (with(["appointmentTypeId": nil]), "appointmentTypeId"),
        (with(["appointmentTypeId": 3]), "appointmentTypeId"),
        (with(["from": nil]), "from"),
        (with(["from": "2026-03-02T00:00:00"]), "from"),
        (with(["from": 1_772_406_000]), "from"),
        (with(["to": "demain"]), "to"),
        (with(["limit": "5"]), "limit"),
        (with(["limit": .number("5.5")]), "limit"),
        (with(["practitionerIds": "dr-benali"]), "practitionerIds"),
        (with(["practitionerIds": ["dr-benali", 2]]), "practitionerIds[1]"),
        (with(["explain": "yes"]), "explain"),
        (with(["patientId": 12]), "patientId"),
        (with(["newPatient": "yes"]), "newPatient"),
        (with(["siteId": false]), "siteId")
    ]

    @Test(arguments: malformed)
    func malformedParamsAreNamedAsDecodableNamesThem(_ params: JSONObject, field: String) async throws {
        #expect(throws: (any Error).self) { try FindSlots.Params(reading: ParamsReader(params)) }
        let expected: RPCError
        do {
            _ = try JSONValueDecoder().decode(FindSlots.Params.self, from: .object(params))
            Issue.record("Decodable accepted \(params)")
            return
        } catch let error as DecodingError {
            expected = FieldPath.invalidParams(error)
        }
        let h = try await AgendaHarness()
        let got = await h.error("agenda.findSlots", .object(params))
        #expect(got?.code.rawValue == -32602)
        #expect(got?.data?["field"] == .string(field))
        #expect(got?.message == expected.message && got?.data == expected.data)
        // And the next search is answered.
        #expect(try await h.ok("agenda.findSlots", .object(Self.base)).arrayValue?.isEmpty == false)
    }
}
