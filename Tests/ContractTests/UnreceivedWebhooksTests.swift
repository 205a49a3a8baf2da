import Foundation
import JSONRPC
import Kernel
import PermanenceTesting
import Practice
import Testing

/// A booking's webhook is written to the outbox only when an endpoint of the practice receives it:
/// a practice whose software listens to no agenda event gets no row per booking to claim and close.
@Suite struct UnreceivedWebhooksTests {
    @Test(
        "agenda.book writes agenda.booked only for a practice with an endpoint receiving it",
        arguments: [(#""agenda.*""#, true), ("agenda.booked", true), ("\"*\"", true), ("agenda.cancelled", false), ("escalation.resolved", false)])
    func bookedWebhook(subscription: String, written: Bool) async throws {
        let example = ExamplePractice.yaml.replacingOccurrences(of: #""agenda.*"]"#, with: "\(subscription)]")
        try #require(example.contains("escalation.acknowledged, \(subscription)]"))
        let contract = try await ContractHost(practices: nil, example: example)
        let patient = try #require(
            try await contract.call(
                "patients.create", ["lastName": "Garnier", "firstName": "Lucie", "birthDate": "1985-02-11", "phone": "06 39 98 10 07"]
            ).get()["id"])
        let slot = try #require(
            try await contract.call(
                "agenda.findSlots",
                ["appointmentTypeId": "consultation", "practitionerIds": ["dr-benali"], "from": "2026-03-31T00:00:00+02:00", "limit": 1]
            ).get().arrayValue?.first)
        let booked = try await contract.call(
            "agenda.book",
            [
                "practitionerId": slot["practitionerId"]!, "siteId": slot["siteId"]!, "start": slot["start"]!, "appointmentTypeId": "consultation",
                "patientId": patient
            ]
        ).get()
        #expect(booked["status"] == "booked")
        let rows = try await contract.host.store.read { db in
            try db.value(
                Int.self, "SELECT COUNT(*) FROM outbox WHERE event = 'agenda.booked' AND destination = '*' AND reference = ?", [booked["id"]?.stringValue])
        }
        #expect(rows == (written ? 1 : 0))
        await contract.shutdown()
    }
}
