import Foundation
import JSONRPC
import Kernel
import Practice
import Testing

@testable import Messaging

@Suite struct PrescriptionRenewalTests {
    static let insulin: JSONValue = ["name": "Insuline glargine", "essential": true]
    static let paracetamol: JSONValue = ["name": "Paracétamol 1 g"]

    @Test func essentialTreatmentOutOfStockPagesThePrescriber() async throws {
        let h = try await MessagingHarness(now: "2026-04-04T21:10:00+02:00")
        defer { Task { await h.shutdown() } }
        let result = try await h.ok(
            "messaging.prescriptionRenewal",
            [
                "patientId": "pat-moreau", "medications": [Self.insulin, Self.paracetamol], "stock": "out",
                "pharmacy": "Pharmacie du Marché", "callbackNumber": "06 11 22 33 44", "practitionerId": "dr-benali"
            ])
        #expect(result["urgentPath"]?.stringValue == "sms")
        let message = try #require(result["message"])
        #expect(message["kind"]?.stringValue == "prescriptionRenewal")
        #expect(message["category"]?.stringValue == "prescription")
        #expect(message["urgency"]?.stringValue == "urgent")
        #expect(parisLocal(message["dueAt"]?.stringValue) == "2026-04-04T23:10")
        #expect(message["renewal"]?["stock"]?.stringValue == "out")
        #expect(message["text"]?.stringValue?.contains("Insuline glargine (essentiel)") == true)
        #expect(result["callerNotice"]?.stringValue == "Votre demande est transmise en urgence : Dr Karim Benali vous rappellera aujourd'hui avant 23 h 10.")
        let sms = try #require(try await h.outbox().first { $0.channel == "sms" })
        #expect(sms.destination == "+33639981202")
        #expect(!sms.payload.contains("Insuline"))
        #expect(sms.payload.contains("06 11 22 33 44"))
    }

    @Test(arguments: [("runningLow", true), ("enough", true), ("out", false)])
    func otherRequestsWaitForTheNextBusinessDay(_ stock: String, _ essential: Bool) async throws {
        // Friday evening before Easter: the callback is promised for Tuesday at the antenne.
        let h = try await MessagingHarness(now: "2026-04-03T19:30:00+02:00")
        defer { Task { await h.shutdown() } }
        let medication: JSONValue = ["name": "Lévothyroxine 75 µg", "essential": .bool(essential)]
        let result = try await h.ok(
            "messaging.prescriptionRenewal",
            [
                "patientId": "pat-petit", "medications": [medication], "stock": .string(stock), "siteId": "chenes"
            ])
        #expect(result["urgentPath"] == nil)
        #expect(result["message"]?["urgency"]?.stringValue == "normal")
        #expect(parisLocal(result["message"]?["dueAt"]?.stringValue) == "2026-04-07T14:30")
        #expect(result["callerNotice"]?.stringValue == "Votre message est transmis : le cabinet vous rappellera mardi avant 14 h 30.")
        #expect(try await h.outbox().map(\.channel) == ["webhook"])
    }

    @Test func transferPathGivesTheNumberAndSendsNoSMS() async throws {
        let yaml = ExamplePractice.yaml.replacingOccurrences(
            of: "  overflowThreshold: 3",
            with: """
                  overflowThreshold: 3
                  prescriptionRenewal: {essentialOutOfStock: transfer, transferNumber: "04 65 71 00 10"}
                """)
        let h = try await MessagingHarness(yaml: yaml, now: "2026-04-07T10:00:00+02:00")
        defer { Task { await h.shutdown() } }
        let result = try await h.ok(
            "messaging.prescriptionRenewal",
            [
                "patientId": "pat-moreau", "medications": [Self.insulin], "stock": "out", "practitionerId": "dr-benali"
            ])
        #expect(result["urgentPath"]?.stringValue == "transfer")
        #expect(result["transferNumber"]?.stringValue == "+33465710010")
        #expect(result["callerNotice"]?.stringValue == "Je vous passe le cabinet au 04 65 71 00 10 pour votre traitement, ne quittez pas.")
        #expect(result["message"]?["urgency"]?.stringValue == "urgent")
        #expect(try await h.outbox().map(\.channel) == ["webhook"])
    }

    @Test func badRenewalsNameTheField() async throws {
        let h = try await MessagingHarness()
        defer { Task { await h.shutdown() } }
        let noNumber = await h.error("messaging.prescriptionRenewal", ["patientId": "p", "medications": [Self.insulin], "stock": "out"])
        #expect(noNumber?.code == .unprocessable)
        #expect(noNumber?.data?["field"]?.stringValue == "callbackNumber")
        let empty = await h.error("messaging.prescriptionRenewal", ["patientId": "p", "medications": [], "stock": "out"])
        #expect(empty?.data?["field"]?.stringValue == "medications")
        let unnamed = await h.error("messaging.prescriptionRenewal", ["patientId": "p", "medications": [["name": " "]], "stock": "out"])
        #expect(unnamed?.data?["field"]?.stringValue == "medications[0].name")
        let stock = await h.error("messaging.prescriptionRenewal", ["patientId": "p", "medications": [Self.insulin], "stock": "none"])
        #expect(stock?.data?["field"]?.stringValue == "stock")
    }
}
