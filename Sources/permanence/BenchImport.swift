import ArgumentParser
import Foundation

/// `permanence bench import`: a service's call history (`--records` calls over `--practices`
/// practices' queues, a year long) written as an Asterisk queue_log or a CSV export, then imported
/// by `permanence import` run as a child process on a fresh database: its wall time and its peak
/// resident memory (the kernel's `ru_maxrss` for the child).
struct BenchImport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Time and peak memory of `permanence import` on millions of generated call records.")

    @Option(help: "Call records to generate.") var records = 5_000_000
    @Option(help: "Practices (one queue each).") var practices = 500
    @Option(help: "queue-log or csv.") var format = "queue-log"
    @Option(help: "Directory for the generated file and the database (default: a new temporary one, removed after).")
    var directory: String?

    func run() async throws {
        #if DEBUG
            print("warning: debug build; build with `swift build -c release` for meaningful figures")
        #endif
        guard format == "queue-log" || format == "csv" else { throw ValidationError("format: expected queue-log or csv") }
        let dir = URL(fileURLWithPath: directory ?? NSTemporaryDirectory()).appendingPathComponent("permanence-bench-import-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { if directory == nil { try? FileManager.default.removeItem(at: dir) } }
        let file = dir.appendingPathComponent(format == "csv" ? "calls.csv" : "queue_log").path
        let started = Date()
        let (lines, bytes) = try Self.generate(records: records, practices: practices, csv: format == "csv", to: file)
        print(
            String(
                format: "generated %d records over %d practices: %d lines, %.0f MB of %@ in %.1f s", records, practices, lines,
                Double(bytes) / 1e6, format, Date().timeIntervalSince(started)))

        for pass in ["first import", "same file again (all duplicates)"] {
            let t0 = Date()
            let process = Process()
            process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
            if !FileManager.default.isExecutableFile(atPath: process.executableURL!.path) {
                process.executableURL = Bundle.main.executableURL
            }
            process.arguments = ["import", format, file, "--db", dir.appendingPathComponent("bench.sqlite").path]
            let output = Pipe()
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            let summary = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            let seconds = Date().timeIntervalSince(t0)
            var usage = rusage()
            getrusage(__rusage_who_t(RUSAGE_CHILDREN.rawValue), &usage)
            guard process.terminationStatus == 0 else { throw CommandFailure("permanence import failed (exit \(process.terminationStatus))") }
            print(
                String(
                    format: "%@: %.1f s (%.0f records/s), peak RSS of the import process %.0f MiB (the largest child so far)", pass, seconds,
                    Double(records) / seconds, Double(usage.ru_maxrss) / 1024))
            print("  " + (summary.split(separator: "\n").first.map(String.init) ?? "").replacingOccurrences(of: file + ": ", with: ""))
        }
    }

    /// Writes the history: calls 40 s apart on average across the practices, 85 % answered
    /// (ENTERQUEUE, CONNECT, COMPLETEAGENT/COMPLETECALLER), 15 % abandoned (ENTERQUEUE, ABANDON),
    /// one caller in two with a mobile number. Returns lines and bytes written.
    static func generate(records: Int, practices: Int, csv: Bool, to path: String) throws -> (Int, Int) {
        FileManager.default.createFile(atPath: path, contents: nil)
        guard let out = FileHandle(forWritingAtPath: path) else { throw CommandFailure("\(path): cannot write") }
        defer { try? out.close() }
        var rng = SystemRandomNumberGenerator()
        var buffer = ""
        buffer.reserveCapacity(1 << 20)
        var lines = 0
        var bytes = 0
        func line(_ text: String) throws {
            buffer += text
            buffer += "\n"
            lines += 1
            if buffer.utf8.count >= 1 << 20 {
                bytes += buffer.utf8.count
                try out.write(contentsOf: Data(buffer.utf8))
                buffer.removeAll(keepingCapacity: true)
            }
        }
        let start = 1_767_225_600 // 2026-01-01T00:00:00Z
        if csv { try line("call_id,queue,channel,offered_at,answered_at,ended_at,abandoned_at,agent,motive,caller") }
        let formatter = ISO8601DateFormatter()
        for i in 0..<records {
            let offered = start + i * 6 + Int.random(in: 0..<6, using: &rng)
            let queue = String(format: "cab-%03d", i % max(1, practices))
            let caller = i % 2 == 0 ? String(format: "06%08d", Int.random(in: 0..<100_000_000, using: &rng)) : ""
            let wait = Int.random(in: 2..<90, using: &rng)
            let answered = Int.random(in: 0..<100, using: &rng) < 85
            let talk = Int.random(in: 30..<600, using: &rng)
            let agent = "Local/\(100 + i % 40)@agents"
            if csv {
                func at(_ t: Int) -> String { formatter.string(from: Date(timeIntervalSince1970: TimeInterval(t))) }
                if answered {
                    try line("c\(i),\(queue),phone,\(at(offered)),\(at(offered + wait)),\(at(offered + wait + talk)),,\(agent),rendez-vous,\(caller)")
                } else {
                    try line("c\(i),\(queue),phone,\(at(offered)),,\(at(offered + wait)),\(at(offered + wait)),,,\(caller)")
                }
            } else {
                try line("\(offered)|c\(i)|\(queue)|NONE|ENTERQUEUE||\(caller)|1")
                if answered {
                    try line("\(offered + wait)|c\(i)|\(queue)|\(agent)|CONNECT|\(wait)|c\(i)-b|2")
                    try line("\(offered + wait + talk)|c\(i)|\(queue)|\(agent)|\(i % 3 == 0 ? "COMPLETECALLER" : "COMPLETEAGENT")|\(wait)|\(talk)|1")
                } else {
                    try line("\(offered + wait)|c\(i)|\(queue)|NONE|ABANDON|1|1|\(wait)")
                }
            }
        }
        bytes += buffer.utf8.count
        try out.write(contentsOf: Data(buffer.utf8))
        return (lines, bytes)
    }
}
