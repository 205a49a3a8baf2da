import ArgumentParser
import Foundation
import JSONRPC
import KPI
import Kernel

/// `permanence import queue-log FILE` / `permanence import csv FILE`: loads call records into the KPI
/// module. A progress bar is drawn on standard error when it is a terminal; otherwise a plain summary.
///
/// With `--practices DIR` holding several practices, one file holds the calls of all of them: each
/// queue_log record goes to the practice whose file lists its queue under `kpi.queues`, each CSV row
/// to the practice its `practice` column names (else by its queue). Records of a queue no practice
/// lists, or naming a practice not in the directory, are counted and reported, never stored.
struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import call records (Asterisk queue_log or CSV) into the KPI module; re-importing a file adds nothing.",
        discussion: "With --practices DIR of several practices, one file holds the calls of all of them: each record goes to the practice "
            + "whose file lists its queue under kpi.queues, or that the CSV's practice column names; records of a queue no practice lists "
            + "are counted and reported, not imported.")

    @Argument(help: "queue-log or csv.")
    var format: String

    @Argument(help: "The file to import.")
    var file: String

    @OptionGroup var runtime: RuntimeOptions

    func run() async throws {
        guard let format = KPIImporter.Format(rawValue: format) else {
            throw ValidationError("format: expected queue-log or csv, got \(format)")
        }
        let handle: FileHandle
        do { handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: file)) } catch { throw CommandFailure(error, path: file) }
        defer { try? handle.close() }
        let hosts: [KernelHost]
        let shutdown: @Sendable () async -> Void
        if let directory = runtime.practices, try RuntimeOptions.checkedPractices(in: directory).count > 1 {
            let practices = try await runtime.makePracticeHosts()
            (hosts, shutdown) = (practices.hosts, { await practices.shutdown() })
        } else {
            let host = try await runtime.makeHost()
            (hosts, shutdown) = ([host], { await host.shutdown() })
        }
        // The practices whose KPI module is on; only those receive calls.
        let importing = hosts.filter { $0.plugins.contains(where: { $0.id == "kpi" }) }
        guard let first = importing.first else {
            await shutdown()
            throw CommandFailure("the kpi plugin is disabled in this configuration")
        }
        let routing: KPIImporter.Routing?
        do {
            routing = hosts.count > 1 ? try KPIImporter.Routing(importing.map { ($0.practiceId, Self.queues(of: $0)) }) : nil
        } catch {
            await shutdown()
            throw CommandFailure("\(runtime.practices ?? ""): \(error)")
        }
        let terminal = isatty(2) == 1
        let bar = ProgressBar(enabled: terminal, label: "import")
        let summary: KPIImporter.Summary
        do {
            // Streamed: read, parsed and stored a batch at a time, whatever the file's size.
            summary = try await KPIImporter().importFile(
                handle, format: format, into: first.store, practiceId: first.practiceId, routing: routing, now: first.clock.now(),
                batchSize: Self.batchSize, bulkLoadFrom: KPIImporter.bulkLoadMinimumBytes
            ) { done, total in
                bar.show(done, total)
            }
        } catch is KPIImporter.NotText {
            bar.finish()
            await shutdown()
            throw CommandFailure("\(file): not a text file (expected \(format.rawValue) in UTF-8)")
        }
        bar.finish()
        await shutdown()
        if let problem = Self.unreadable(summary) { throw CommandFailure("\(file): \(problem)") }
        for line in Self.report(summary, file: file, order: importing.map(\.practiceId)) { print(line) }
    }

    /// Records per transaction. Each commit writes every page it changed to the write-ahead log, and
    /// the indexes of an import are written all over (the journal's caller index in random order):
    /// fewer, larger transactions write each page fewer times. 50,000 was measured faster than 10,000
    /// (`Docs/benchmarks.md`); a server on the same database waits for one such write (about a second).
    static let batchSize = 50_000

    /// The queues a practice's file lists under `kpi.queues` (the names of its calls in the telephony).
    static func queues(of host: KernelHost) -> [String] {
        host.configuration.root["kpi"]?["queues"]?.objectValue?.keys ?? []
    }

    /// The summary's lines: the totals, each practice's share when routed (in `order`), what found
    /// no practice, and the malformed lines.
    static func report(_ summary: KPIImporter.Summary, file: String, order: [String]) -> [String] {
        var lines = [
            "\(file): \(summary.parsed) records read, \(summary.imported) imported, \(summary.duplicates) duplicates, "
                + "\(summary.ignoredLines) lines ignored, \(summary.malformedCount) malformed"
                + (summary.bulkLoaded == true ? " (bulk load: the contact journal's indexes built again after)" : "")
        ]
        if let practices = summary.practices {
            for id in order {
                let t = practices[id] ?? KPIImporter.PracticeTally()
                lines.append("  \(id): \(t.parsed) records, \(t.imported) imported, \(t.duplicates) duplicates")
            }
        }
        if let unrouted = summary.unrouted {
            lines.append("  \(unrouted.count) records not imported, for no practice of this import:")
            for (queue, n) in unrouted.queues.sorted(by: { $0.key < $1.key }) {
                lines.append("    queue \(queue): \(n) records (no practice lists this queue under kpi.queues)")
            }
            for (practice, n) in unrouted.practices.sorted(by: { $0.key < $1.key }) {
                lines.append("    practice \(practice): \(n) records (not a practice of this import)")
            }
        }
        for m in summary.malformed { lines.append("  line \(m.lineNumber): \(m.reason)") }
        return lines
    }

    /// Why the content is not of `format` at all (nothing to import and no line of that format),
    /// or nil: a CSV without the header of a call export, a queue_log without one readable line.
    static func unreadable(_ summary: KPIImporter.Summary) -> String? {
        guard summary.parsed == 0, let first = summary.malformed.first else { return nil }
        switch summary.format {
        case .csv:
            guard first.reason == CallRecordCSV.headerProblem else { return nil }
            return
                "not a CSV call export: the first line must be a header naming \(CallRecordCSV.requiredColumns.joined(separator: " and ")) (columns: \(CallRecordCSV.columns.joined(separator: ",")))"
        case .queueLog:
            guard summary.ignoredLines == 0 else { return nil }
            return "not an Asterisk queue_log: no line reads as TIME|CALLID|QUEUE|AGENT|EVENT|… (line \(first.lineNumber): \(first.reason))"
        }
    }
}

/// A one-line progress bar on standard error (`[#####.....]  52 %  5200/10000`), redrawn in place.
struct ProgressBar: Sendable {
    let enabled: Bool
    let label: String

    func show(_ done: Int, _ total: Int) {
        guard enabled else { return }
        let width = 30
        let fraction = total > 0 ? Double(done) / Double(total) : 1
        let filled = Int((fraction * Double(width)).rounded(.down))
        let line =
            "\r\(label) [" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "] "
            + String(format: "%3d %%  %d/%d", Int(fraction * 100), done, total)
        FileHandle.standardError.write(Data(line.utf8))
    }

    func finish() {
        if enabled { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
