import Foundation
import Kernel

extension KPICallStore {
    /// Per practice of `practiceIds`: the closed calls offered within `[from, to)`, those answered
    /// and their talk seconds (the counts of ``CallIndicators``); one range of the key per practice.
    static func usage(practiceIds: [String], from: Date, to: Date, in db: any StoreConnection) throws -> [String: UsageCounts] {
        let answered = CallOutcome.allCases.filter(\.isAnswered).map { "'\($0.rawValue)'" }.joined(separator: ", ")
        var out: [String: UsageCounts] = [:]
        try db.forEachRow(
            """
            SELECT practiceId, COUNT(*), COALESCE(SUM(CASE WHEN outcome IN (\(answered)) THEN 1 ELSE 0 END), 0),
              COALESCE(SUM(CASE WHEN outcome IN (\(answered)) THEN talkSeconds END), 0)
            FROM kpi_call WHERE practiceId IN \(PersonalDataRows.placeholders(practiceIds.count)) AND \(period)
              AND outcome != '\(CallOutcome.waiting.rawValue)'
            GROUP BY practiceId
            """, StoreArguments(practiceIds) + periodArguments(from: from, to: to), cached: false
        ) { row in
            var counts = UsageCounts()
            counts.callsOffered = row[1]
            counts.callsAnswered = row[2]
            counts.talkSeconds = row[3]
            out[row[0]] = counts
            return true
        }
        return out
    }
}
