import Foundation
import GRDB
import JSONRPC
import Kernel
import Practice
import Testing

@testable import Messaging

/// Messaging's part of export, erasure and retention.
@Suite struct MessageLifecycleTests {
    @Test func erasureKeepsTheMessageForFiguresButNotItsTextNorItsNumbers() async throws {
        let h = try await MessagingHarness()
        defer { Task { await h.shutdown() } }
        _ = try await h.take(callback: "06 98 76 54 32", patientId: "pat-dupont", text: "Résultats biopsie à commenter")
        // A message from the patient's number that names no patient belongs to them too.
        _ = try await h.take(callback: "06 98 76 54 32", patientId: nil, text: "Rappeler Mme Dupont")
        _ = try await h.take(callback: "06 11 11 11 11", patientId: "pat-leroy", text: "Ordonnance")
        let subject = PersonalDataSubject(patientId: "pat-dupont", phones: ["+33698765432"], identifiers: [])
        let registry = h.host.personalData
        let exported = try await h.host.store.read { db in try registry.export(subject, in: db) }
        #expect(exported["messages"]?.arrayValue?.map { $0["text"] } == ["Résultats biopsie à commenter", "Rappeler Mme Dupont"])
        let now = h.clock.now()
        let rows = try await h.host.store.write { db in try registry.erase(subject, at: now, in: db) }
        #expect(rows["messages"] == 2)
        let left = try await h.host.store.read { db in
            try db.rows("SELECT patientId, text, callbackNumber, callerName, status FROM messaging_message ORDER BY takenAt, rowid")
                .map {
                    [$0["patientId"] as String?, $0["text"] as String?, $0["callbackNumber"] as String?, $0["callerName"] as String?, $0["status"] as String?]
                }
        }
        #expect(left == [["pat-dupont", "", nil, nil, "open"], [nil, "", nil, nil, "open"], ["pat-leroy", "Ordonnance", "+33611111111", nil, "open"]])
    }

    @Test func retentionPurgesCompletedMessagesOnlyAfterTheirDuration() async throws {
        let h = try await MessagingHarness()
        defer { Task { await h.shutdown() } }
        let done = try #require(try await h.take()["message"]?["id"])
        _ = try await h.take(text: "Toujours en attente")
        _ = try await h.ok("messaging.complete", ["messageId": done, "outcome": "calledBack"])
        let registry = h.host.personalData
        let start = h.clock.now()
        func purge(afterDays days: Double) async throws -> Int? {
            try await h.host.store.write { db in try registry.purge(.defaults, now: start.addingTimeInterval(days * 86_400), in: db) }["messages"]
        }
        #expect(try await purge(afterDays: 364) == 0)
        #expect(try await purge(afterDays: 366) == 1)
        #expect(try await purge(afterDays: 3000) == 0)
        let left = try await h.host.store.read { db in try db.values(String.self, "SELECT text FROM messaging_message") }
        #expect(left == ["Toujours en attente"])
    }
}
