import Foundation
import GRDB
import Kernel
import PermanenceTesting
import Testing

@testable import Escalation

/// Finding a caller's incidents (every `escalation.raise` looks for a duplicate; the call sheet
/// lists them) reads the caller's and the patient's rows through their practice-first indexes,
/// never every incident of the practice, which `practiceId = ?` beside an `OR` would make SQLite do.
@Suite(.enabled(if: TestStore.onSQLite, "SQLite's query plans"))
struct IncidentLookupPlanTests {
    @Test(
        "duplicates and a caller's incidents are searched by caller and patient",
        arguments: [
            (IncidentStore.openDuplicateSQL, 4), (IncidentStore.unresolvedSQL(patients: 0), 2), (IncidentStore.unresolvedSQL(patients: 3), 5)
        ])
    func searchesByIndex(sql: String, parameters: Int) async throws {
        let h = try await EscalationHarness(at: "2026-03-10T10:00:00+01:00")
        let plan = try await h.host.store.read { db in
            try db.rows("EXPLAIN QUERY PLAN " + sql, StoreArguments(Array(repeating: "x", count: parameters))).map { $0["detail"] as String }
        }
        #expect(!plan.contains { $0.hasPrefix("SCAN escalation_incident") }, "\(plan)")
        #expect(!plan.contains { $0.contains("(practiceId=?)") }, "\(plan)")
        #expect(plan.contains { $0.contains("escalation_incident_practice_caller (practiceId=? AND caller=?)") }, "\(plan)")
    }
}
