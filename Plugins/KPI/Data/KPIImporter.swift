package import Foundation
import JSONRPC
package import Kernel
import Practice

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
        /// With ``Routing``: the records read and added, per practice (practices that got none left out).
        package var practices: [String: PracticeTally]?
        /// Records given to no practice (counted in `parsed`, not stored); nil when every record found its practice.
        package var unrouted: Unrouted?
        /// True when the file was bulk-loaded (the journal's indexes built again after); nil otherwise.
        package var bulkLoaded: Bool?
    }

    /// One practice's share of a routed import.
    package struct PracticeTally: Sendable, Codable, Hashable {
        package var parsed = 0
        package var imported = 0
        package var duplicates: Int { parsed - imported }
        package init(parsed: Int = 0, imported: Int = 0) {
            self.parsed = parsed
            self.imported = imported
        }
    }

    /// Records an import gave to no practice, counted by why: never silently dropped, never given
    /// to a practice they do not name.
    package struct Unrouted: Sendable, Codable, Hashable {
        /// Records of a queue no practice file lists (`kpi.queues`), by queue name.
        package var queues: [String: Int] = [:]
        /// CSV rows whose `practice` column names a practice this import is not for, by the name given.
        package var practices: [String: Int] = [:]
        package var count: Int { queues.values.reduce(0, +) + practices.values.reduce(0, +) }
        package init(queues: [String: Int] = [:], practices: [String: Int] = [:]) {
            self.queues = queues
            self.practices = practices
        }
    }

    /// Where each record goes when one file holds the calls of several practices (`permanence
    /// import --practices DIR`): a CSV row naming its practice (`practice` column) goes there; any
    /// other record goes to the practice whose file lists its queue under `kpi.queues`. A record
    /// of a queue no practice lists, or naming a practice not in the import, is counted in
    /// ``Unrouted``.
    package struct Routing: Sendable, Hashable {
        /// Queue name → practice id.
        package var queues: [String: String]
        /// The practices of the import, in order.
        package var practices: [String]

        /// The routing of `listed` (each practice with the queues its file lists); two practices
        /// listing one queue is an error naming both.
        package init(_ listed: [(practiceId: String, queues: [String])]) throws(Conflict) {
            var queues: [String: String] = [:]
            for (practiceId, names) in listed {
                for name in names {
                    if let other = queues[name], other != practiceId { throw Conflict(queue: name, practices: [other, practiceId]) }
                    queues[name] = practiceId
                }
            }
            self.queues = queues
            practices = listed.map(\.practiceId)
        }

        /// Two practices list the same queue: its calls would have no one owner.
        package struct Conflict: Error, Hashable, CustomStringConvertible {
            package var queue: String
            package var practices: [String]
            package var description: String {
                "queue \(queue) is listed by two practices (\(practices.joined(separator: " and "))): a queue's calls belong to one practice"
            }
        }

        /// The practice of `record`, which names `named` (a CSV `practice` column) or not.
        func practice(of record: CallRecord, named: String?) -> String? {
            if let named { return practices.contains(named) ? named : nil }
            return queues[record.queue]
        }
    }

    /// Malformed lines listed in a summary (all are counted).
    package static let maximumReportedLines = 1000

    /// The parsed content, before storing.
    package struct Parsed: Sendable {
        package var records: [CallRecord]
        package var malformed: [MalformedLine]
        package var ignoredLines: Int
        /// The records whose CSV `practice` column names a practice: index in `records`, the name, the line.
        package var named: [(index: Int, practice: String, lineNumber: Int)] = []
    }

    package init() {}

    package func parse(_ content: String, format: Format) -> Parsed {
        switch format {
        case .queueLog:
            let r = QueueLogParser.parse(content)
            return Parsed(records: r.records, malformed: r.malformedLines, ignoredLines: r.ignoredLineCount)
        case .csv:
            var reader = CallRecordCSV()
            var parsed = Parsed(records: [], malformed: [], ignoredLines: 0)
            var lineNumber = 0
            func take(_ record: CallRecord, _ practice: String?, _ line: Int) {
                parsed.records.append(record)
                if let practice { parsed.named.append((parsed.records.count - 1, practice, line)) }
            }
            for line in content.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
                lineNumber += 1
                reader.readRouted(line, number: lineNumber, emit: take)
            }
            reader.finishRouted(emit: take)
            parsed.malformed = reader.malformed
            return parsed
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
    ///
    /// Without `routing`, every record goes to `practiceId`, but a CSV row naming another practice
    /// is counted in ``Summary/unrouted``, not stored. With `routing` (`practiceId` is then not
    /// used), each record goes to its practice as ``Routing`` says, and the summary tells each
    /// practice's share and what found no practice.
    ///
    /// With `bulkLoadFrom` bytes, a file at least that large (the CLI gives ``bulkLoadMinimumBytes``)
    /// holding about as many records as the journal holds already, or more, is loaded with the journal's caller and date indexes
    /// suspended and built again at the end by one sort each (``SuspendedIndexes``), if this process
    /// has the database to itself (`Store.withSoleUse`); otherwise, or for a smaller file, it is
    /// imported as usual. The records stored and the summary are the same either way.
    package func importFile(
        _ handle: FileHandle, format: Format, into store: Store, practiceId: String, routing: Routing? = nil, now: Date,
        batchSize: Int = 10_000, bulkLoadFrom minimumBytes: Int? = nil, progress: (@Sendable (Int, Int) -> Void)? = nil
    ) async throws -> Summary {
        let size = Int((try? handle.seekToEnd()) ?? 0)
        try handle.seek(toOffset: 0)
        func stream() async throws -> Summary {
            try await self.stream(
                handle, size: size, format: format, into: store, practiceId: practiceId, routing: routing, now: now, batchSize: batchSize,
                progress: progress)
        }
        guard let minimumBytes, size >= minimumBytes else { return try await stream() }
        let bulk = try await store.withSoleUse { () async throws -> Summary? in
            // Building the indexes again reads the whole journal: worth it for a load at least its size.
            let entries = try await store.read { db in try ContactJournal.approximateSize(in: db) }
            guard size / Self.bytesPerRecord >= entries else { return nil }
            try await store.write { db in try SuspendedIndexes.suspend(ContactJournal.indexesOfBulkLoads, in: db) }
            do {
                var summary = try await stream()
                try await store.write { db in try SuspendedIndexes.restore(in: db) }
                summary.bulkLoaded = true
                return summary
            } catch {
                try? await store.write { db in try SuspendedIndexes.restore(in: db) }
                throw error
            }
        }
        if case let summary?? = bulk { return summary }
        return try await stream()
    }

    /// The smallest file worth a bulk load (about 380,000 queue_log records).
    package static let bulkLoadMinimumBytes = 64 << 20

    /// Bytes of a source file per call record, about (queue_log: three lines of about 60 bytes; CSV: one of about 150).
    static let bytesPerRecord = 180

    private func stream(
        _ handle: FileHandle, size: Int, format: Format, into store: Store, practiceId: String, routing: Routing?, now: Date,
        batchSize: Int, progress: (@Sendable (Int, Int) -> Void)?
    ) async throws -> Summary {
        var queueLog = QueueLogParser(malformedLimit: Self.maximumReportedLines)
        var csv = CallRecordCSV(malformedLimit: Self.maximumReportedLines)
        var batch: [(practiceId: String, record: CallRecord)] = []
        batch.reserveCapacity(batchSize)
        var parsed = 0
        var imported = 0
        var tallies: [String: PracticeTally] = [:]
        var unrouted = Unrouted()
        var bytesRead = 0
        var lineNumber = 0
        var carry: [UInt8] = []

        // One batch is written while the next is parsed: the write runs on the database's own
        // queue, so reading and storing overlap (the next write waits for this one).
        var writing: Task<[String: Int], any Error>?
        func flush() async throws {
            if let previous = writing {
                for (practice, added) in try await previous.value {
                    imported += added
                    tallies[practice, default: PracticeTally()].imported += added
                }
            }
            writing = nil
            guard !batch.isEmpty else { return }
            let chunk = batch
            batch.removeAll(keepingCapacity: true)
            writing = Task {
                try await store.write { db in
                    // One practice's records at a time, in the order the practices came.
                    var order: [String] = []
                    var groups: [String: [CallRecord]] = [:]
                    for (practice, record) in chunk {
                        if groups[practice] == nil { order.append(practice) }
                        groups[practice, default: []].append(record)
                    }
                    var added: [String: Int] = [:]
                    for practice in order {
                        added[practice] = try KPICallStore.insert(groups[practice]!, practiceId: practice, importedAt: now, in: db)
                    }
                    return added
                }
            }
            progress?(bytesRead, size)
        }
        func take(_ record: CallRecord, named: String? = nil) {
            parsed += 1
            let target: String?
            if let routing {
                target = routing.practice(of: record, named: named)
            } else {
                target = named == nil || named == practiceId ? practiceId : nil
            }
            guard let target else {
                if let named { unrouted.practices[named, default: 0] += 1 } else { unrouted.queues[record.queue, default: 0] += 1 }
                return
            }
            tallies[target, default: PracticeTally()].parsed += 1
            batch.append((target, record))
        }
        func line(_ bytes: ArraySlice<UInt8>) throws {
            lineNumber += 1
            if bytes.contains(0) { throw NotText(lineNumber: lineNumber) }
            guard let text = String(validating: bytes, as: UTF8.self) else { throw NotText(lineNumber: lineNumber) }
            switch format {
            case .queueLog: queueLog.read(text[...], number: lineNumber) { _, r in take(r) }
            case .csv: csv.readRouted(text[...], number: lineNumber, emit: { record, named, _ in take(record, named: named) })
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
            case .csv: csv.finishRouted(emit: { record, named, _ in take(record, named: named) })
            }
            try await flush()
            try await flush() // waits for the last write
        } catch {
            _ = try? await writing?.value
            try? await store.write { db in try KPICallStore.restoreCache(cacheSetting, in: db) }
            throw error
        }
        try await store.write { db in try KPICallStore.restoreCache(cacheSetting, in: db) }
        let stored = tallies.values.reduce(0) { $0 + $1.parsed }
        return Summary(
            format: format, parsed: parsed, imported: imported, duplicates: stored - imported,
            ignoredLines: format == .queueLog ? queueLog.ignoredLineCount : 0,
            malformedCount: format == .queueLog ? queueLog.malformedCount : csv.malformedCount,
            malformed: format == .queueLog ? queueLog.malformed : csv.malformed,
            practices: routing == nil ? nil : tallies, unrouted: unrouted.count == 0 ? nil : unrouted, bulkLoaded: nil)
    }

    /// Stores `parsed` for the practice `practiceId` in chunks (one transaction each), calling
    /// `progress(done, total)` after each. A CSV row naming another practice in its `practice`
    /// column refuses the whole content (-32022 on `content`, naming the line), before anything
    /// is stored: `kpi.import` stores the calls of the practice it acts for, never another's.
    package func store(
        _ parsed: Parsed, format: Format, into store: Store, practiceId: String, now: Date, chunkSize: Int = 2000,
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) async throws -> Summary {
        if let other = parsed.named.first(where: { $0.practice != practiceId }) {
            throw RPCError.unprocessable(
                field: "content",
                "line \(other.lineNumber) names practice \(other.practice): an import stores the calls of the practice it acts for (\(practiceId))")
        }
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
