import Foundation
import GRDB
import Kernel
import PermanenceTesting
import Testing

@testable import Messaging

/// Finding a caller's open messages (every `messaging.take` does, to link a repeat call) reads the
/// patient's and the numbers' rows through their indexes, never every open message of the
/// practice: with 10,000 open messages a take cost 3.6–4.9 ms when SQLite chose the status index
/// instead, 1.0 ms since (`bench messaging`).
@Suite(.enabled(if: TestStore.onSQLite, "SQLite's query plans"))
struct OpenMessagesPlanTests {
    @Test(
        "the lookup searches by patient and numbers",
        arguments: [
            (String?.some("pat-dupont"), ["+33611110000"]),
            (String?.some("pat-dupont"), []),
            (String?.none, ["+33611110000", "+33611110001"])
        ])
    func searchesByIndex(patientId: String?, phones: [String]) async throws {
        let h = try await MessagingHarness()
        let query = try #require(MessagingStore.openMessagesQuery(patientIds: patientId.map { [$0] } ?? [], phones: phones, practiceId: h.host.practiceId))
        let plan = try await h.host.store.read { db in
            try db.rows("EXPLAIN QUERY PLAN " + query.sql, query.arguments).map { $0["detail"] as String }
        }
        #expect(!plan.contains { $0.hasPrefix("SCAN messaging_message") }, "\(plan)")
        #expect(!plan.contains { $0.contains("messaging_message_status_due") }, "\(plan)")
        #expect(plan.contains { $0.hasPrefix("SEARCH messaging_message USING INDEX") }, "\(plan)")
    }
}
