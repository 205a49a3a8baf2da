import Foundation
import JSONRPC
import Testing

/// `permanence store copy`: a service moved from its SQLite file to PostgreSQL answers as before.
@Suite("store copy", .serialized, .enabled(if: TestDatabase.postgres != nil, "the copy's target is a PostgreSQL database"))
struct StoreCopyEndToEndTests {
    static let clock = "2026-03-01T08:00:00+01:00"

    /// The first free consultations of Dr Benali and Dr Roux from Monday, as `agenda.findSlots` gives them.
    static func slots(_ client: LineClient) throws -> JSONValue {
        try client.result(
            "agenda.findSlots",
            ["appointmentTypeId": "consultation", "practitionerIds": ["dr-benali", "dr-roux"], "from": "2026-03-02T00:00:00+01:00", "limit": 40])
    }

    @Test(
        "a SQLite service copied into PostgreSQL: every table verified; the copy answers the same findSlots and patient search; a second copy into it is refused"
    )
    func copyAnswersTheSame() throws {
        let dir = try Executable.temporaryDirectory()
        let file = dir.appendingPathComponent("service.sqlite").path
        let sqlite = try ServerProcess.tcp(clock: Self.clock, directory: dir, database: file)
        let secretary = try sqlite.client(role: "secretary")
        let offered = try #require(try Self.slots(secretary).arrayValue)
        try #require(offered.count == 40)
        // Seven patients booked on every fifth slot: the copy must keep them taken.
        for i in 0..<7 {
            let patient = try #require(
                try secretary.result(
                    "patients.create",
                    ["lastName": .string("Copie\(i)"), "firstName": "Paul", "birthDate": .string("1970-05-0\(i + 1)"), "phone": .string("06 39 98 20 1\(i)")]
                )["id"]?.stringValue)
            let slot = offered[i * 5]
            _ = try secretary.result(
                "agenda.book",
                [
                    "practitionerId": slot["practitionerId"]!, "siteId": slot["siteId"]!, "start": slot["start"]!, "appointmentTypeId": "consultation",
                    "patientId": .string(patient)
                ])
        }
        let before = try Self.slots(secretary)
        let searchBefore = try secretary.result("patients.search", ["text": "Copie"])
        sqlite.stop()

        let url = try TestDatabase.location(file: dir.appendingPathComponent("copy.sqlite"))
        let copy = try Executable.run(["store", "copy", "--from", file, "--to", url])
        #expect(copy.status == 0, "\(copy.stderr)")
        #expect(copy.stdout.contains("every one verified"), "\(copy.stdout)")
        #expect(copy.stdout.contains("agenda_appointment: 7 rows"), "\(copy.stdout)")
        #expect(!copy.stdout.contains("DIFFERENT"))

        let postgres = try ServerProcess.tcp(clock: Self.clock, database: url)
        defer { postgres.stop() }
        let onCopy = try postgres.client(role: "secretary")
        #expect(try Self.slots(onCopy) == before, "the copy offers the same slots")
        #expect(try onCopy.result("patients.search", ["text": "Copie"]) == searchBefore)
        // New rows continue after the copied ids.
        let another = try onCopy.result(
            "patients.create", ["lastName": "Apres", "firstName": "Copie", "birthDate": "1990-01-01", "phone": "06 39 98 20 30"])
        #expect(another["id"]?.stringValue != nil)

        let again = try Executable.run(["store", "copy", "--from", file, "--to", url])
        #expect(again.status != 0)
        #expect(again.stderr.contains("not empty"), "\(again.stderr)")
    }
}
