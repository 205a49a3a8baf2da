import Foundation
import GRDB
import JSONRPC
import Testing

@testable import Kernel

/// The kernel's part of the data lifecycle: the audit trail keeps no free text, the outbox and the
/// audit trail answer export and erasure, database files are private.
@Suite struct PersonalDataTests {
    @Test func theAuditTrailKeepsIdsDatesEnumsAndFieldNamesButNoFreeText() throws {
        let params = try JSONParser.parse(
            #"""
            {"patientId":"pat_1","lastName":"Lefèvre","birthDate":"1984-07-19","phone":"+33645871203","urgency":"urgent",
             "caller":{"name":"Marc","phone":"06 45 87 12 99","relationship":"parent"},"text":"Résultats biopsie",
             "start":"2026-03-10T09:30:00+01:00","limit":20,"force":true,"medications":[{"name":"Insuline","essential":true}],
             "followedBy":["dr-martin"],"practitionerIds":["dr-martin"]}
            """#)
        let stored = AuditLog.text(of: params)
        #expect(
            stored
                == #"{"patientId":"pat_1","lastName":"*","birthDate":"*","phone":"*","urgency":"urgent","caller":{"name":"*","phone":"*","relationship":"parent"},"text":"*","start":"2026-03-10T09:30:00+01:00","limit":20,"force":true,"medications":[{"name":"*","essential":true}],"followedBy":["*"],"practitionerIds":["dr-martin"]}"#
        )
        // An enumeration key holding prose is prose.
        #expect(AuditLog.text(of: ["status": "la patiente a rappelé"]) == #"{"status":"*"}"#)
        // Rows stored before redaction are redacted again; a cut row becomes {}.
        #expect(AuditLog.redact(#"{"name":"Hélène"}"#) == #"{"name":"*"}"#)
        #expect(AuditLog.redact(#"{"name":"Hél"#) == "{}")
    }

    @Test func theOutboxExportsAndEmptiesWhatNamesTheSubjectAndPurgesOldDeliveries() async throws {
        let t = try await TestHost()
        let now = t.clock.now()
        let subject = PersonalDataSubject(patientId: "pat_1", phones: ["+33645871203"], identifiers: ["06 45 87 12 03", "Hélène Lefèvre"])
        try await t.host.store.write { db in
            try Outbox.enqueue(
                .init(channel: "sms", destination: "+33645871203", event: "notify.test", payload: "Bonjour", urgency: .normal), practiceId: t.host.practiceId,
                in: db, now: now)
            try Outbox.enqueue(
                .init(
                    channel: "sms", destination: "+33600000000", event: "escalation.page", payload: "Rappeler le 06 45 87 12 03",
                    urgency: .urgent), practiceId: t.host.practiceId, in: db, now: now)
            try Outbox.enqueue(
                .init(
                    channel: "webhook", destination: "*", event: "messaging.received",
                    payload: #"{"data":{"caller":{"name":"HELENE LEFEVRE"}}}"#, urgency: .normal), practiceId: t.host.practiceId, in: db, now: now)
            try Outbox.enqueue(
                .init(
                    channel: "webhook", destination: "*", event: "agenda.booked",
                    payload: #"{"data":{"patientId":"pat_1"}}"#, urgency: .normal), practiceId: t.host.practiceId, in: db, now: now)
            // Another patient whose id starts with the subject's is not the subject.
            try Outbox.enqueue(
                .init(
                    channel: "webhook", destination: "*", event: "messaging.received",
                    payload: #"{"data":{"patientId":"pat_10"}}"#, urgency: .normal), practiceId: t.host.practiceId, in: db, now: now)
            try db.run("UPDATE outbox SET status = 'delivered' WHERE id = 1")
        }
        let registry = t.host.personalData
        let exported = try await t.host.store.read { db in try registry.export(subject, in: db) }
        #expect(exported["outbox"]?.arrayValue?.count == 4)
        let rows = try await t.host.store.write { db in try registry.erase(subject, at: now, in: db) }
        #expect(rows["outbox"] == 4)
        let left = try await t.host.store.read { db in
            try db.rows("SELECT destination, payload, status FROM outbox ORDER BY id").map {
                [$0["destination"] as String, $0["payload"] as String, $0["status"] as String]
            }
        }
        #expect(left == [["", "", "delivered"], ["", "", "dead"], ["", "", "dead"], ["", "", "dead"], ["*", #"{"data":{"patientId":"pat_10"}}"#, "pending"]])
        // Deliveries older than the outbox duration go; pending ones stay.
        let purged = try await t.host.store.write { db in
            try registry.purge(.defaults, now: now.addingTimeInterval(31 * 86_400), in: db)
        }
        #expect(purged["outbox"] == 4)
        #expect(purged["messages"] == 0)
    }

    @Test func aNewDatabaseFileIsReadableByItsOwnerOnly() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("permanence-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("db.sqlite").path
        let store = try Store(path: path)
        try store.migrate(
            {
                var m = DatabaseMigrator()
                KernelHost.registerKernelMigrations(&m)
                return m
            }())
        for file in [path, path + "-wal", path + "-shm"] where FileManager.default.fileExists(atPath: file) {
            let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
            #expect(mode == 0o600, "\(file): \(String(mode ?? 0, radix: 8))")
        }
        #expect(FileManager.default.fileExists(atPath: path + "-wal"))
        try store.close()
    }
}

/// A database written before the audit trail stopped keeping free text.
@Suite struct AuditRedactionMigrationTests {
    @Test func rowsWrittenBeforeRedactionAreRedactedByTheMigration() async throws {
        let store = try Store()
        var all = DatabaseMigrator()
        KernelHost.registerKernelMigrations(&all)
        try all.migrate(store.sqlite!, upTo: "kernel.audit")
        try await store.write { db in
            try db.run(
                "INSERT INTO kernel_audit(at, session, actor, role, method, params) VALUES (0, 1, 'sec', 'secretary', 'patients.create', ?)",
                [#"{"lastName":"Lefèvre","phone":"+33645871203","followedBy":[]}"#])
        }
        try store.migrate(all)
        let params = try await store.read { db in try db.values(String.self, "SELECT params FROM kernel_audit") }
        #expect(params == [#"{"lastName":"*","phone":"*","followedBy":[]}"#])
    }
}
