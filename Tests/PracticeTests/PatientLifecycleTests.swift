import Foundation
import GRDB
import JSONRPC
import Kernel
import Testing

@testable import Practice

/// Export, erasure and retention of the patient file and the contact journal, in process.
@Suite struct PatientLifecycleTests {
    static let subject: JSONValue = "Résultats biopsie"

    /// A patient with a related person and two contacts about the same subject; answers the id.
    func seed(_ h: PracticeHarness) async throws -> String {
        let id = try await h.createPatient(
            "Lefèvre-Dubois", "Hélène", born: "1984-07-19", phone: "06 45 87 12 03",
            extra: [
                "email": "helene.lefevre@example.fr", "address": ["street": "7 impasse Mirabeau", "city": "Lyon"],
                "relatedPersons": [["relationship": "parent", "name": "Marc Lefèvre-Dubois", "phone": "06 45 87 12 99"]]
            ])
        for (at, caller) in [("2026-06-15T09:00:00+02:00", "06 45 87 12 99"), ("2026-06-15T09:30:00+02:00", "06 45 87 12 03")] {
            _ = try await h.ok(
                "contacts.record",
                [
                    "channel": "phone", "direction": "inbound", "motive": "results", "offeredAt": .string(at),
                    "caller": ["name": "Marc Lefèvre-Dubois", "phone": .string(caller), "relationship": "parent"],
                    "patientId": .string(id), "subject": Self.subject, "notes": "Rappeler après 18h"
                ])
        }
        // A contact from the mother's number that names no patient still belongs to the subject.
        _ = try await h.ok(
            "contacts.record",
            [
                "channel": "sms", "direction": "inbound", "motive": "other", "offeredAt": "2026-06-15T09:45:00+02:00",
                "caller": ["phone": "06 45 87 12 99", "relationship": "other"], "notes": "Hélène ne peut pas venir"
            ])
        return id
    }

    @Test func exportHoldsThePatientRelatedPersonsAndContactsAndIsAudited() async throws {
        let h = try await PracticeHarness()
        let id = try await seed(h)
        let export = try await h.ok("patients.export", ["patientId": .string(id)])
        #expect(export["data"]?["patients"]?["patient"]?["lastName"] == "Lefèvre-Dubois")
        #expect(export["data"]?["patients"]?["relatedPersons"]?.arrayValue?.first?["name"] == "Marc Lefèvre-Dubois")
        #expect(export["data"]?["contacts"]?.arrayValue?.count == 3)
        #expect(export["data"]?["contacts"]?.arrayValue?.first?["offeredAt"] == "2026-06-15T07:00:00Z")
        let audit = try await h.host.audit.entries(method: "patients.export")
        #expect(audit.count == 1)
        #expect(audit.first?.params == #"{"patientId":"\#(id)"}"#)
        let unknown = try await h.failure("patients.export", ["patientId": "pat_nobody"])
        #expect(unknown.code == .notFound)
        #expect(unknown.field == "patientId")
    }

    @Test func erasureRemovesIdentityEverywhereButKeepsTheRowsFiguresCount() async throws {
        let h = try await PracticeHarness()
        let id = try await seed(h)
        let other = try await h.createPatient("Martin", "Paul", born: "1970-01-02", phone: "06 11 11 11 11")
        let erased = try await h.ok("patients.erase", ["patientId": .string(id), "reason": "Demande de la patiente"])
        #expect(erased["rows"]?["contacts"] == 3)
        let patient = try await h.ok("patients.get", ["patientId": .string(id)])
        #expect(patient["lastName"] == "")
        #expect(patient["phone"] == "")
        #expect(patient["relatedPersons"]?.arrayValue?.isEmpty == true)
        let rows = try await h.host.store.read { db in
            (
                try db.values(
                    String.self,
                    "SELECT coalesce(callerName, '') || coalesce(callerPhone, '') || coalesce(notes, '') || coalesce(subject, '') FROM practice_contact"),
                try db.value(Int.self, "SELECT count(*) FROM practice_contact WHERE patientId = ?", [id]),
                try db.values(String.self, "SELECT DISTINCT subject FROM practice_contact WHERE patientId = ?", [id]),
                try db.value(Double.self, "SELECT erasedAt FROM practice_patient WHERE id = ?", [id]),
                try db.values(String.self, "SELECT params FROM kernel_audit")
            )
        }
        for text in rows.0 + rows.4 {
            for needle in ["Lefèvre", "Hélène", "+33645871203", "+33645871299", "biopsie", "18h", "impasse"] {
                #expect(!text.contains(needle), "\(needle) left in \(text)")
            }
        }
        // The two contacts about one subject still share one (neutral) subject: recontacts count the same.
        #expect(rows.1 == 2)
        #expect(rows.2 == ["sujet 1"])
        #expect(rows.3 != nil)
        // Another patient is untouched; the erased one is found by no search.
        #expect(try await h.ok("patients.get", ["patientId": .string(other)])["lastName"] == "Martin")
        let found = try await h.ok("patients.search", ["phone": "06 45 87 12 03"])
        #expect(found["patients"]?.arrayValue?.isEmpty == true)
        let audit = try await h.host.audit.entries(method: "patients.erase")
        #expect(audit.first?.params == #"{"patientId":"\#(id)","reason":"*"}"#)
        // Nothing can be written back into the erased record.
        let writes: [(String, JSONValue)] = [
            ("patients.update", ["patientId": .string(id), "lastName": "Lefèvre"]),
            ("patients.addRelatedPerson", ["patientId": .string(id), "relationship": "parent", "name": "Marc Lefèvre", "phone": "06 45 87 12 98"])
        ]
        for (method, params) in writes {
            let refused = try await h.failure(method, params)
            #expect(refused.code == .conflict, "\(method)")
            #expect(refused.data?["reason"] == "erased", "\(method)")
        }
        #expect(try await h.ok("patients.get", ["patientId": .string(id)])["lastName"] == "")
    }

    @Test func eraseNeedsAReasonAndTheStaffRole() async throws {
        let h = try await PracticeHarness()
        let id = try await seed(h)
        let noReason = try await h.failure("patients.erase", ["patientId": .string(id), "reason": "  "])
        #expect(noReason.field == "reason")
        let secretary = h.session(role: .secretary)
        let refused = await h.call("patients.erase", ["patientId": .string(id), "reason": "x"], as: secretary)
        #expect(throws: RPCError.self) { try refused.get() }
        let export = await h.call("patients.export", ["patientId": .string(id)], as: secretary)
        #expect(throws: RPCError.self) { try export.get() }
    }

    @Test func theDailyPurgeRemovesContactsPastTheirDurationAndAuditsTheCounts() async throws {
        let yaml = ExamplePractice.yaml + "\nprivacy:\n  retention:\n    contacts: 30\n"
        let h = try await PracticeHarness(yaml: yaml)
        _ = try await seed(h)
        // The purge job waits on the clock; one day later it runs: nothing is 30 days old yet.
        while h.clock.sleeperCount == 0 { await Task.yield() }
        h.clock.advance(by: 86_400)
        try await waitForRetentionRuns(h, count: 1)
        #expect(try await h.host.store.read { db in try db.value(Int.self, "SELECT count(*) FROM practice_contact") } == 3)
        h.clock.advance(by: 30 * 86_400)
        try await waitForRetentionRuns(h, count: 2)
        #expect(try await h.host.store.read { db in try db.value(Int.self, "SELECT count(*) FROM practice_contact") } == 0)
        let runs = try await h.host.audit.entries(method: "privacy.retention")
        #expect(runs.first?.actor == "retention")
        #expect(runs.first?.params.contains(#""contacts":3"#) == true)
        // privacy.purge runs it at once and answers the durations it applied.
        let purged = try await h.ok("privacy.purge")
        #expect(purged["counts"]?["contacts"] == 0)
        #expect(purged["retentionDays"]?["contacts"] == 30)
        #expect(purged["retentionDays"]?["messages"] == 365)
    }

    /// Waits (by yielding, the clock does not move) until the purge job wrote `count` audit rows.
    func waitForRetentionRuns(_ h: PracticeHarness, count: Int) async throws {
        for _ in 0..<100_000 {
            if try await h.host.audit.entries(method: "privacy.retention").count >= count { return }
            await Task.yield()
        }
        Issue.record("the retention job did not run")
    }

    @Test func retentionConfigurationRefusesUnknownKeysAndBadDurations() throws {
        for (yaml, path) in [
            ("privacy:\n  retention:\n    mesages: 10\n", "privacy.retention.mesages"),
            ("privacy:\n  retention:\n    messages: 0\n", "privacy.retention.messages"),
            ("privacy:\n  retention:\n    audit: un an\n", "privacy.retention.audit"),
            ("privacy:\n  keep: 1\n", "privacy.keep")
        ] {
            #expect {
                _ = try PracticePlugin(configuration: try ConfigurationDocument(yaml: ExamplePractice.yaml + "\n" + yaml))
            } throws: { error in
                (error as? ConfigurationError)?.issues.contains { $0.path == path } == true
            }
        }
        var issues: [ConfigurationIssue] = []
        let policy = RetentionPolicy(configuration: try ConfigurationDocument(yaml: "privacy:\n  retention:\n    outbox: 7\n"), issues: &issues)
        #expect(issues.isEmpty)
        #expect(policy.duration(.outbox) == 7)
        #expect(policy.duration(.audit) == 365)
    }
}
