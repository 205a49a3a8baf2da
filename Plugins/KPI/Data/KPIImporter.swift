import Foundation
import Kernel

/// Imports call records from an Asterisk `queue_log` or a CSV export into `kpi_call`.
///
/// Parsing keeps every well-formed record and reports each malformed line with its number;
/// storing skips records already present (same ``CallRecord/dedupKey``). The CLI and
/// `kpi.import` share this type, so they count the same way.
package struct KPIImporter: Sendable {
    /// The source formats.
    package enum Format: String, Sendable, Codable, CaseIterable {
        case queueLog = "queue-log"
        case csv
    }

    /// What an import did.
    package struct Summary: Sendable, Codable, Hashable {
        package var format: Format
        /// Records parsed from the content.
        package var parsed: Int
        /// Records added to the store.
        package var imported: Int
        /// Records already stored by an earlier import.
        package var duplicates: Int
        /// Lines read but not about a call record (queue_log events other than those used, lines of callid NONE).
        package var ignoredLines: Int
        package var malformedCount: Int
        /// The malformed lines, with their 1-based numbers (at most ``maximumReportedLines``).
        package var malformed: [MalformedLine]
    }

    /// Malformed lines listed in a summary (all are counted).
    package static let maximumReportedLines = 1000

    /// The parsed content, before storing.
    package struct Parsed: Sendable {
        package var records: [CallRecord]
        package var malformed: [MalformedLine]
        package var ignoredLines: Int
    }

    package init() {}

    package func parse(_ content: String, format: Format) -> Parsed {
        switch format {
        case .queueLog:
            let r = QueueLogParser().parse(content)
            return Parsed(records: r.records, malformed: r.malformedLines, ignoredLines: r.ignoredLineCount)
        case .csv:
            let r = CallRecordCSV.parse(content)
            return Parsed(records: r.records, malformed: r.malformedLines, ignoredLines: 0)
        }
    }

    /// Stores `parsed` in chunks (one transaction each), calling `progress(done, total)` after each.
    package func store(
        _ parsed: Parsed, format: Format, into store: Store, now: Date, chunkSize: Int = 2000,
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) async throws -> Summary {
        let records = parsed.records
        let total = records.count
        var imported = 0
        var done = 0
        progress?(0, total)
        while done < total {
            let chunk = Array(records[done..<min(total, done + max(1, chunkSize))])
            imported += try await store.write { db in try KPICallStore.insert(chunk, importedAt: now, in: db) }
            done += chunk.count
            progress?(done, total)
        }
        return Summary(
            format: format, parsed: total, imported: imported, duplicates: total - imported,
            ignoredLines: parsed.ignoredLines, malformedCount: parsed.malformed.count,
            malformed: Array(parsed.malformed.prefix(Self.maximumReportedLines)))
    }
}
