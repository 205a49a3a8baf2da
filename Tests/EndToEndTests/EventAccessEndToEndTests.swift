import Foundation
import JSONRPC
import Testing

/// Events hold the role rules of the data they carry, checked over the built executable with every
/// plugin: every declared topic is walked with every role, and an `integration` session subscribed
/// to everything receives no patient record, message text or callback number.
@Suite(.serialized) struct EventAccessEndToEndTests {
    static let roles = ["integration", "secretary", "practitioner", "staff", "admin"]

    /// Topics whose payload is known to name a patient or hold what a caller said: they must be
    /// declared as carrying patient data, for secretaries at least.
    static let patientTopics = [
        "patients.created", "patients.updated", "contacts.recorded", "messaging.received",
        "messaging.completed", "escalation.raised", "agenda.booked", "agenda.cancelled"
    ]

    @Test func everyDeclaredTopicWithEveryRole() throws {
        let server = try ServerProcess.tcp(clock: "2026-03-10T10:00:00+01:00")
        defer { server.stop() }
        let admin = try server.client()
        let access = try admin.result("initialize", ["clientInfo": ["name": "e2e"], "token": .string(try server.token(role: "admin", name: "walk"))])[
            "eventAccess"]
        let declared = try #require(access?.objectValue)
        let topics = declared.keys.sorted()
        #expect(topics.count >= 20, "every plugin's topics are listed: \(topics)")
        for topic in Self.patientTopics {
            #expect(declared[topic]?["patientData"] == true, "\(topic) carries patient data")
            #expect(declared[topic]?["role"] != "integration", "\(topic) is not for integrations")
        }
        for (rank, role) in Self.roles.enumerated() {
            let client = try server.client(role: role)
            for topic in topics {
                let required = try #require(declared[topic]?["role"]?.stringValue)
                let requiredRank = try #require(Self.roles.firstIndex(of: required))
                let allowed = rank >= requiredRank
                let reply = try client.result("events.subscribe", ["topics": [.string(topic)]])
                let subscribed = reply["topics"]?.arrayValue?.contains(.string(topic)) == true
                let refused = reply["refused"]?.arrayValue?.first { $0["topic"] == .string(topic) }
                #expect(subscribed == allowed, "\(role) subscribing to \(topic) (requires \(required))")
                #expect((refused != nil) == !allowed, "\(role) is told \(topic) is refused")
                if let refused { #expect(refused["required"] == .string(required)) }
                if allowed && declared[topic]?["patientData"] == true { #expect(rank >= 1, "patient data reaches \(role)") }
            }
            // `*` covers exactly the topics the role may see.
            let all = try client.result("events.subscribe", ["topics": ["*"]])
            let receives = Set(all["receives"]?.arrayValue?.compactMap(\.stringValue) ?? [])
            let expected = Set(topics.filter { Self.roles.firstIndex(of: declared[$0]!["role"]!.stringValue!)! <= rank })
            #expect(receives == expected, "\(role) under *")
        }
    }

    @Test func integrationSubscribedToEverythingReceivesNoPatientData() throws {
        let server = try ServerProcess.tcp(clock: "2026-03-10T10:00:00+01:00")
        defer { server.stop() }
        let integration = try server.client(role: "integration")
        let secretary = try server.client(role: "secretary")
        let admin = try server.client()
        let refused = try integration.result("events.subscribe", ["topics": ["*", "patients.*", "messaging.received"]])
        #expect(refused["topics"] == ["*"])
        let refusedTopics = refused["refused"]?.arrayValue?.compactMap { $0["topic"]?.stringValue } ?? []
        #expect(refusedTopics.contains("patients.*") && refusedTopics.contains("messaging.received") && refusedTopics.contains("patients.created"))
        _ = try secretary.result("events.subscribe", ["topics": ["*"]])

        // Changes that publish patient data, then one an integration may see, as a marker.
        let patient = try admin.result(
            "patients.create",
            [
                "lastName": "Confidentielle", "firstName": "Héloïse", "birthDate": "1980-02-29",
                "phone": "06 98 76 54 32"
            ])
        let patientId = try #require(patient["id"]?.stringValue)
        _ = try admin.result(
            "contacts.record",
            [
                "channel": "phone", "direction": "inbound", "patientId": .string(patientId),
                "caller": ["relationship": "self", "name": "Héloïse Confidentielle"], "motive": "results",
                "offeredAt": "2026-03-10T09:55:00+01:00", "notes": "Résultats biopsie"
            ])
        _ = try admin.result(
            "messaging.take",
            [
                "patientId": .string(patientId), "category": "results", "urgency": "normal",
                "text": "Résultats biopsie de Héloïse", "callbackNumber": "07 11 22 33 44",
                "caller": ["name": "Appelant Secret", "phone": "07 11 22 33 44"]
            ])
        _ = try admin.result(
            "escalation.raise",
            [
                "caller": "+33711223344", "reason": "Douleur thoracique", "urgency": "urgent",
                "patientId": .string(patientId)
            ])
        _ = try admin.result("faq.upsert", ["id": "parking", "questions": ["Où se garer ?"], "answer": "Parking derrière le cabinet."])

        // Events on one connection arrive in the order they were published: once the marker is
        // here, everything published before it has been delivered or withheld.
        let marker = try integration.nextNotification("faq.changed")
        #expect(marker["params"]?["id"] == "parking")
        let received = integration.notifications.map(JSONWriter.string).joined(separator: "\n")
        for secret in ["Confidentielle", "Héloïse", "Helo", "biopsie", "+33698765432", "+33711223344", "Appelant", "thoracique", patientId] {
            #expect(!received.contains(secret), "an integration received \(secret): \(received)")
        }
        #expect(integration.notifications.allSatisfy { $0["method"] == "faq.changed" })

        // The secretary received them, and each delivery of patient data is in the audit trail.
        let created = try secretary.nextNotification("patients.created")
        #expect(created["params"]?["lastName"] == "Confidentielle")
        _ = try secretary.nextNotification("messaging.received")
        _ = try secretary.nextNotification("faq.changed")
        let audit = try admin.result("kernel.audit", ["method": "events.delivered"])["items"]?.arrayValue ?? []
        let secretaryRows = audit.filter { $0["role"] == "secretary" }
        let params = secretaryRows.compactMap { $0["params"]?.stringValue }.compactMap { try? JSONParser.parse($0) }
        #expect(params.contains { $0["topic"] == "patients.created" && $0["refs"]?.arrayValue?.contains(.string(patientId)) == true })
        #expect(params.contains { $0["topic"] == "messaging.received" })
        #expect(!params.contains { $0["topic"] == "faq.changed" }, "events without patient data are not audited")
        #expect(!audit.contains { $0["role"] == "integration" })
    }
}
