import Foundation
import JSONRPC
import PermanenceTesting
import Testing

/// The data lifecycle through the built executable: a patient with data in every module is
/// exported, then erased (a dump of the database file keeps none of their identifying strings and
/// the figures do not move), the retention purge removes what is past its duration, and the
/// database file is private.
@Suite(.serialized) struct PrivacyEndToEndTests {
    /// An evening: the triage pages the practitioner on call.
    static let start = "2026-03-10T22:00:00+01:00"

    /// Strings that identify the patient; none may survive the erasure in the database file.
    static let identifying = [
        "Lefèvre", "Lefevre", "LEFEVRE", "Hélène", "Helene", "helene.lefevre@example.fr", "+33645871203", "06 45 87 12 03",
        "0645871203", "+33645871299", "06 45 87 12 99", "1984-07-19", "impasse Mirabeau", "biopsie",
        "Douleurs abdominales", "Rappeler après 18h", "Patiente rassurée", "douleur thoracique confirmée"
    ]

    /// Every line of `sqlite3 .dump` of the file, through Python's sqlite3 (`iterdump`).
    /// Every row of the database as text: SQLite's `iterdump`, or `pg_dump --data-only` for a URL.
    static func dump(_ path: String) throws -> String {
        if path.hasPrefix("postgres://") {
            let out = try ChildProcess.run("bash", [Executable.packageRoot.appendingPathComponent("scripts/throwaway-postgres").path, "dump", path])
            guard out.status == 0 else { throw HarnessError("pg_dump failed: \(out.stderr)") }
            return out.stdout
        }
        let script = dumpScript.replacingOccurrences(of: "PATH", with: path)
        let out = try ChildProcess.run("python3", ["-c", script])
        guard out.status == 0 else { throw HarnessError("python3 dump failed: \(out.stderr)") }
        return out.stdout
    }
    static let dumpScript = """
        import sqlite3, sys
        c = sqlite3.connect('file:PATH?mode=ro', uri=True)
        for line in c.iterdump(): sys.stdout.write(line + '\\n')
        """

    @Test func exportEraseAndPurgeAPatientWithDataInEveryModule() throws {
        let receiver = try HTTPReceiver()
        defer { receiver.stop() }
        let config = try MessagingEndToEndTests.configuration(receiver: receiver)
        let server = try ServerProcess.tcp(config: config, clock: Self.start)
        defer { server.stop() }
        let c = try server.client(role: "admin")

        // The patient file.
        let id = try #require(
            try c.result(
                "patients.create",
                [
                    "lastName": "Lefèvre-Dubois", "firstName": "Hélène", "birthDate": "1984-07-19", "phone": "06 45 87 12 03",
                    "email": "helene.lefevre@example.fr", "address": ["street": "7 impasse Mirabeau", "city": "Lyon"],
                    "relatedPersons": [["relationship": "parent", "name": "Marc Lefèvre-Dubois", "phone": "06 45 87 12 99"]],
                    "followedBy": ["dr-martin"]
                ])["id"]?.stringValue)
        let patientId = JSONValue.string(id)
        // An appointment, booked by her father, with notes.
        let slot = try #require(
            try c.result(
                "agenda.findSlots",
                [
                    "appointmentTypeId": "consultation", "practitionerIds": ["dr-martin"], "from": "2026-03-11T00:00:00+01:00", "patientId": patientId
                ]
            ).arrayValue?.first)
        _ = try c.result(
            "agenda.book",
            [
                "practitionerId": slot["practitionerId"]!, "siteId": slot["siteId"]!, "start": slot["start"]!,
                "appointmentTypeId": slot["appointmentTypeId"]!, "patientId": patientId, "notes": "Douleurs abdominales depuis 3 jours",
                "caller": ["name": "Marc Lefèvre-Dubois", "phone": "06 45 87 12 99", "relationship": "parent"]
            ])
        // A message for the practice (its webhook carries the text), completed.
        let message = try c.result(
            "messaging.take",
            [
                "patientId": patientId, "category": "results", "text": "Résultats biopsie à commenter avec le Dr Martin",
                "callbackNumber": "06 45 87 12 03", "urgency": "normal"
            ])
        let messageId = try #require(message["message"]?["id"])
        _ = try c.result("messaging.complete", ["messageId": messageId, "outcome": "calledBack", "note": "Patiente rassurée"])
        // A triage ending in a page to the practitioner on call (the SMS carries her number), resolved.
        var step = try c.result("triage.start", ["protocolId": "urgence", "caller": "06 45 87 12 03", "patientId": patientId])
        let session = try #require(step["sessionId"])
        for answer in ["Oui", "Non", "Non"] { step = try c.result("triage.answer", ["sessionId": session, "choice": .string(answer)]) }
        let incidentId = try #require(step["outcome"]?["incidentId"])
        _ = try c.result("escalation.resolve", ["incidentId": incidentId, "outcome": "Vue aux urgences, douleur thoracique confirmée"])
        // Two contacts about one subject (a recontact), one of them from her father's number.
        for (at, phone) in [("2026-03-10T09:00:00+01:00", "06 45 87 12 99"), ("2026-03-10T09:20:00+01:00", "06 45 87 12 03")] {
            _ = try c.result(
                "contacts.record",
                [
                    "channel": "phone", "direction": "inbound", "motive": "results", "offeredAt": .string(at),
                    "answeredAt": .string(at.replacingOccurrences(of: ":00+01", with: ":20+01")),
                    "endedAt": .string(at.replacingOccurrences(of: ":00+01", with: ":59+01")),
                    "caller": ["name": "Marc Lefèvre-Dubois", "phone": .string(phone), "relationship": "parent"],
                    "patientId": patientId, "subject": "Résultats biopsie", "notes": "Rappeler après 18h"
                ])
        }
        // Call records of the telephony, and an SMS to the patient.
        let csv = """
            call_id,queue,offered_at,answered_at,ended_at,agent,motive
            c1,accueil,2026-03-09T09:00:00+01:00,2026-03-09T09:00:12+01:00,2026-03-09T09:03:00+01:00,sarah,results
            c2,accueil,2026-03-09T09:10:00+01:00,2026-03-09T09:10:40+01:00,2026-03-09T09:12:00+01:00,sarah,appointment
            """
        #expect(try c.result("kpi.import", ["format": "csv", "content": .string(csv)])["imported"] == 2)
        _ = try c.result("notify.test", ["channel": "sms", "to": "06 45 87 12 03"])
        _ = try receiver.waitFor { $0.body.contains("+33645871203") && $0.path == "/sms/send" }
        _ = try receiver.waitFor { $0.body.contains("biopsie") }

        // Export: every module's part.
        let export = try c.result("patients.export", ["patientId": patientId])
        let data = try #require(export["data"])
        #expect(data["patients"]?["patient"]?["lastName"] == "Lefèvre-Dubois")
        #expect(data["patients"]?["relatedPersons"]?.arrayValue?.count == 1)
        #expect(data["appointments"]?.arrayValue?.first?["notes"] == "Douleurs abdominales depuis 3 jours")
        #expect(data["messages"]?.arrayValue?.first?["text"] == "Résultats biopsie à commenter avec le Dr Martin")
        #expect(data["incidents"]?["incidents"]?.arrayValue?.count == 1)
        #expect(data["incidents"]?["triageSessions"]?.arrayValue?.count == 1)
        #expect((data["contacts"]?.arrayValue?.count ?? 0) >= 2)
        let outbox = data["outbox"]?.arrayValue ?? []
        #expect(outbox.contains { $0["destination"] == "+33645871203" }, "no SMS to the patient in \(outbox)")
        #expect(outbox.contains { $0["event"] == "messaging.received" })
        #expect((data["audit"]?.arrayValue?.count ?? 0) >= 3)
        #expect(data["callRecords"] == [])
        let reads = try c.result("kernel.audit", ["method": "patients.export"])["items"]?.arrayValue ?? []
        #expect(reads.count == 1)

        // Erasure: the figures do not move; the database keeps none of her identifying strings.
        let period: JSONValue = ["from": "2026-03-01T00:00:00+01:00", "to": "2026-04-01T00:00:00+02:00"]
        let before = try c.result("kpi.summary", period)
        let erased = try c.result("patients.erase", ["patientId": patientId, "reason": "Demande de la patiente (RGPD art. 17)"])
        #expect(erased["rows"]?["messages"] == 1)
        #expect(try c.result("kpi.summary", period) == before)
        let dump = try Self.dump(server.dbPath)
        #expect(dump.contains(id), "the patient row keeps its id")
        for needle in Self.identifying {
            #expect(!dump.contains(needle), "\(needle) is still in the database: \(dump.split(separator: "\n").filter { $0.contains(needle) }.prefix(3))")
        }
        let incident = try c.result("escalation.get", ["incidentId": incidentId])
        #expect(incident["status"] == "resolved")
        #expect(try c.result("kernel.audit", ["method": "escalation.get"])["items"]?.arrayValue?.count == 1)
        // Lists carrying medical details or patients' messages are sensitive reads too.
        _ = try c.result("escalation.list")
        _ = try c.result("notify.list")
        #expect(try c.result("kernel.audit", ["method": "escalation.list"])["items"]?.arrayValue?.count == 1)
        #expect(try c.result("kernel.audit", ["method": "notify.list"])["items"]?.arrayValue?.count == 1)

        // Retention: 400 days later, every class past its duration is purged, with counts.
        _ = try c.result("kernel.clock.set", ["advanceSeconds": .int(400 * 86_400)])
        let purge = try c.result("privacy.purge")
        // The daily job may have run first: count what both removed, from the audit trail.
        var removed: [String: Int] = [:]
        for row in try c.result("kernel.audit", ["method": "privacy.retention"])["items"]?.arrayValue ?? [] {
            let counts = try JSONParser.parse(row["params"]?.stringValue ?? "{}")
            for (k, v) in counts.objectValue ?? JSONObject() { removed[k, default: 0] += v.intValue ?? 0 }
        }
        #expect(purge["counts"]?["contacts"]?.intValue.map { $0 <= (removed["contacts"] ?? 0) } == true)
        #expect(removed["messages"] == 1)
        #expect(removed["callRecords"] == 2)
        #expect((removed["contacts"] ?? 0) >= 2)
        #expect((removed["incidents"] ?? 0) >= 2)
        #expect((removed["outbox"] ?? 0) >= 3)
        #expect((removed["audit"] ?? 0) >= 10)
        #expect(try c.result("kpi.summary", period) != before)
        #expect(try c.result("privacy.purge")["counts"]?["contacts"] == 0)

        // The database file is readable by its owner only.
        for file in [server.dbPath, server.dbPath + "-wal"] where FileManager.default.fileExists(atPath: file) {
            let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
            #expect(mode == 0o600, "\(file) has mode \(String(mode ?? 0, radix: 8))")
        }
        server.stop()
        // Nothing of the erased values lingers in free pages of the file either (SQLite's file; on
        // PostgreSQL dead row versions stay until VACUUM: Docs/privacy.md).
        guard TestDatabase.onSQLite else { return }
        let bytes = try Data(contentsOf: URL(fileURLWithPath: server.dbPath))
        for needle in ["Lefèvre", "+33645871203", "biopsie", "1984-07-19"] {
            #expect(bytes.range(of: Data(needle.utf8)) == nil, "\(needle) in the file's bytes")
        }
    }
}
