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
            let r = QueueLogParser.parse(content)
            return Parsed(records: r.records, malformed: r.malformedLines, ignoredLines: r.ignoredLineCount)
        case .csv:
            let r = CallRecordCSV.parse(content)
            return Parsed(records: r.records, malformed: r.malformedLines, ignoredLines: 0)
        }
    }

    /// A file that is not text: a NUL byte, or bytes that are not UTF-8.
    package struct NotText: Error {
        /// The line where it showed.
        package var lineNumber: Int
    }

    /// Imports the file open in `handle` for the practice `practiceId` as it is read: a line at a time through the parser, records
    /// stored `batchSize` at a time (one transaction each), so memory holds one read buffer, one
    /// batch and the calls still open, whatever the file's size. `progress(bytesRead, fileSize)`
    /// is called after each batch. A NUL byte or bytes that are not UTF-8 stop it with `NotText`
    /// (what was stored before stays: importing again adds only what is missing).
    package func importFile(
        _ handle: FileHandle, format: Format, into store: Store, practiceId: String, now: Date, batchSize: Int = 10_000,
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) async throws -> Summary {
        let size = Int((try? handle.seekToEnd()) ?? 0)
        try handle.seek(toOffset: 0)
        var queueLog = QueueLogParser(malformedLimit: Self.maximumReportedLines)
        var csv = CallRecordCSV(malformedLimit: Self.maximumReportedLines)
        var batch: [CallRecord] = []
        batch.reserveCapacity(batchSize)
        var parsed = 0
        var imported = 0
        var bytesRead = 0
        var lineNumber = 0
        var carry: [UInt8] = []

        // One batch is written while the next is parsed: the write runs on the database's own
        // queue, so reading and storing overlap (the next write waits for this one).
        var writing: Task<Int, any Error>?
        func flush() async throws {
            if let previous = writing { imported += try await previous.value }
            writing = nil
            guard !batch.isEmpty else { return }
            let chunk = batch
            batch.removeAll(keepingCapacity: true)
            writing = Task { try await store.write { db in try KPICallStore.insert(chunk, practiceId: practiceId, importedAt: now, in: db) } }
            progress?(bytesRead, size)
        }
        func take(_ record: CallRecord) {
            parsed += 1
            batch.append(record)
        }
        func line(_ bytes: ArraySlice<UInt8>) throws {
            lineNumber += 1
            if bytes.contains(0) { throw NotText(lineNumber: lineNumber) }
            guard let text = String(validating: bytes, as: UTF8.self) else { throw NotText(lineNumber: lineNumber) }
            switch format {
            case .queueLog: queueLog.read(text[...], number: lineNumber) { _, r in take(r) }
            case .csv: csv.read(text[...], number: lineNumber) { take($0) }
            }
        }

        progress?(0, size)
        let cacheSetting = try await store.write { db in try KPICallStore.enlargeCache(toMebibytes: 256, in: db) }
        do {
            while let data = try handle.read(upToCount: 1 << 20), !data.isEmpty {
                bytesRead += data.count
                var bytes = carry
                bytes.append(contentsOf: data)
                var start = bytes.startIndex
                while let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) {
                    try line(bytes[start..<end])
                    start = end + 1
                }
                carry = Array(bytes[start...])
                if batch.count >= batchSize { try await flush() }
                if format == .csv && csv.rejected { break }
            }
            if !carry.isEmpty { try line(carry[...]) }
            switch format {
            case .queueLog: queueLog.finish { _, r in take(r) }
            case .csv: csv.finish { take($0) }
            }
            try await flush()
            try await flush() // waits for the last write
        } catch {
            _ = try? await writing?.value
            try? await store.write { db in try KPICallStore.restoreCache(cacheSetting, in: db) }
            throw error
        }
        try await store.write { db in try KPICallStore.restoreCache(cacheSetting, in: db) }
        return Summary(
            format: format, parsed: parsed, imported: imported, duplicates: parsed - imported,
            ignoredLines: format == .queueLog ? queueLog.ignoredLineCount : 0,
            malformedCount: format == .queueLog ? queueLog.malformedCount : csv.malformedCount,
            malformed: format == .queueLog ? queueLog.malformed : csv.malformed)
    }

    /// Stores `parsed` for the practice `practiceId` in chunks (one transaction each), calling
    /// `progress(done, total)` after each.
    package func store(
        _ parsed: Parsed, format: Format, into store: Store, practiceId: String, now: Date, chunkSize: Int = 2000,
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) async throws -> Summary {
        let records = parsed.records
        let total = records.count
        var imported = 0
        var done = 0
        progress?(0, total)
        while done < total {
            let chunk = Array(records[done..<min(total, done + max(1, chunkSize))])
            imported += try await store.write { db in try KPICallStore.insert(chunk, practiceId: practiceId, importedAt: now, in: db) }
            done += chunk.count
            progress?(done, total)
        }
        return Summary(
            format: format, parsed: total, imported: imported, duplicates: total - imported,
            ignoredLines: parsed.ignoredLines, malformedCount: parsed.malformed.count,
            malformed: Array(parsed.malformed.prefix(Self.maximumReportedLines)))
    }
}
