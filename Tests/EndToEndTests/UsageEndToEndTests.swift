import Foundation
import JSONRPC
import Testing

/// `usage.report` on the built executable serving a directory of practices: a booking and a
/// message taken in one practice show in its line of the CSV only, and in the total.
@Suite struct UsageEndToEndTests {
    @Test func aBookingAndAMessageInPracticeBAreBilledToBOnly() throws {
        let (server, _) = try ManyPracticesEndToEndTests.server()
        defer { server.stop() }
        let (secretary, _) = try ManyPracticesEndToEndTests.session(server, role: "secretary", practices: nil)
        let (admin, _) = try ManyPracticesEndToEndTests.session(server, role: "admin", practices: nil)

        let patient = try ManyPracticesEndToEndTests.patient(secretary, in: "cab-b", lastName: "Petit")
        let slot = try ManyPracticesEndToEndTests.firstSlot(secretary, in: "cab-b")
        let booked = try ManyPracticesEndToEndTests.book(secretary, slot, patient: patient, in: "cab-b")
        #expect(booked["result"]?["id"] != nil, "\(booked)")
        _ = try secretary.result(
            "messaging.take",
            [
                "practiceId": "cab-b", "patientId": .string(patient), "category": "admin", "text": "Demande de certificat",
                "callbackNumber": "06 45 87 12 03", "urgency": "normal"
            ])

        let report = try admin.result(
            "usage.report", ["from": "2026-03-10T00:00:00+01:00", "to": "2026-03-11T00:00:00+01:00", "format": "csv"])
        let csv = try #require(report["csv"]?.stringValue, "\(report)")
        let rows = csv.split(separator: "\r\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = try #require(rows.first)
        let booking = try #require(header.firstIndex(of: "appointments_booked"))
        let messages = try #require(header.firstIndex(of: "messages_taken"))
        // Every practice of the directory, in file order, then the total.
        #expect(rows.dropFirst().map { $0[0] } == ["cab-a", "cab-b", "cab-c", ""], "\(csv)")
        for row in rows.dropFirst() {
            let expected = row[0] == "cab-b" || row[0] == "" ? "1" : "0"
            #expect(row[booking] == expected && row[messages] == expected, "\(row)")
        }
        // A practice named: its line alone; the secretary may not read billing figures.
        let onlyA = try admin.result("usage.report", ["from": "2026-03-10T00:00:00+01:00", "to": "2026-03-11T00:00:00+01:00", "practiceId": "cab-a"])
        #expect(onlyA["practices"]?.arrayValue?.map { $0["appointmentsBooked"] } == [0], "\(onlyA)")
        let refused = try secretary.call("usage.report", ["from": "2026-03-10T00:00:00+01:00", "to": "2026-03-11T00:00:00+01:00"])
        #expect(refused["error"]?["code"] == -32002, "\(refused)")
    }
}
