import ArgumentParser
import Foundation
import KPI
import Kernel

/// `permanence import queue-log FILE` / `permanence import csv FILE`: loads call records into the KPI
/// module. A progress bar is drawn on standard error when it is a terminal; otherwise a plain summary.
struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import call records (Asterisk queue_log or CSV) into the KPI module; re-importing a file adds nothing.")

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
        let host = try await runtime.makeHost()
        guard host.plugins.contains(where: { $0.id == "kpi" }) else {
            await host.shutdown()
            throw CommandFailure("the kpi plugin is disabled in this configuration")
        }
        let terminal = isatty(2) == 1
        let bar = ProgressBar(enabled: terminal, label: "import")
        let summary: KPIImporter.Summary
        do {
            // Streamed: read, parsed and stored a batch at a time, whatever the file's size.
            summary = try await KPIImporter().importFile(handle, format: format, into: host.store, practiceId: host.practiceId, now: host.clock.now()) {
                done, total in
                bar.show(done, total)
            }
        } catch is KPIImporter.NotText {
            bar.finish()
            await host.shutdown()
            throw CommandFailure("\(file): not a text file (expected \(format.rawValue) in UTF-8)")
        }
        bar.finish()
        await host.shutdown()
        if let problem = Self.unreadable(summary) { throw CommandFailure("\(file): \(problem)") }
        print(
            "\(file): \(summary.parsed) records read, \(summary.imported) imported, \(summary.duplicates) duplicates, "
                + "\(summary.ignoredLines) lines ignored, \(summary.malformedCount) malformed")
        for m in summary.malformed { print("  line \(m.lineNumber): \(m.reason)") }
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
