import Foundation
import GRDB
import Kernel

extension KPICallStore {
    /// Per practice of `practiceIds`: the closed calls offered within `[from, to)`, those answered
    /// and their talk seconds (the counts of ``CallIndicators``); one range of the key per practice.
    static func usage(practiceIds: [String], from: Date, to: Date, in db: Database) throws -> [String: UsageCounts] {
        let answered = CallOutcome.allCases.filter(\.isAnswered).map { "'\($0.rawValue)'" }.joined(separator: ", ")
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT practiceId, COUNT(*), COALESCE(SUM(outcome IN (\(answered))), 0),
                  COALESCE(SUM(CASE WHEN outcome IN (\(answered)) THEN talkSeconds END), 0)
                FROM kpi_call WHERE practiceId IN \(PersonalDataRows.placeholders(practiceIds.count)) AND \(period)
                  AND outcome != '\(CallOutcome.waiting.rawValue)'
                GROUP BY practiceId
                """, arguments: StatementArguments(practiceIds) + periodArguments(from: from, to: to))
        var out: [String: UsageCounts] = [:]
        while let row = try rows.next() {
            var counts = UsageCounts()
            counts.callsOffered = row[1]
            counts.callsAnswered = row[2]
            counts.talkSeconds = row[3]
            out[row[0]] = counts
        }
        return out
    }
}
