import ArgumentParser
import Foundation
import JSONRPC
import Kernel
import Practice

/// `permanence report --from --to -o report.html [--csv-dir DIR]`: the KPI report of a period as one
/// self-contained HTML page (inline SVG charts), and optionally a CSV file per series.
struct Report: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the KPI report of a period: an HTML page with SVG charts and tables, and CSV files of every series.")

    @Option(help: "Start: a local date YYYY-MM-DD (its midnight) or an RFC 3339 instant.")
    var from: String

    @Option(help: "End (excluded): a local date YYYY-MM-DD (its midnight) or an RFC 3339 instant.")
    var to: String

    @Option(name: .shortAndLong, help: "The HTML file to write.")
    var output: String = "report.html"

    @Option(help: "Also write one CSV file per series into this directory.")
    var csvDir: String?

    @OptionGroup var runtime: RuntimeOptions

    func instant(_ text: String, option: String, zone: TimeZone) throws -> Date {
        if let d = RFC3339.parse(text) { return d }
        if let date = LocalDate(text) { return LocalDateTime(date, .midnight).instantOrNextValid(in: zone) }
        throw ValidationError("--\(option): expected YYYY-MM-DD or an RFC 3339 instant, got \(text)")
    }

    func run() async throws {
        let host = try await runtime.makeHost()
        let start = try instant(from, option: "from", zone: host.timeZone)
        let end = try instant(to, option: "to", zone: host.timeZone)
        let dispatcher = Dispatcher(host: host)
        let session = dispatcher.openSession(transport: .inProcess, role: .admin, actor: "cli", sink: { _ in })
        let params: JSONValue = [
            "from": .string(RFC3339.format(start, in: host.timeZone)), "to": .string(RFC3339.format(end, in: host.timeZone)),
            "format": csvDir == nil ? "html" : "all"
        ]
        let outcome = await dispatcher.call(Request(method: "kpi.report", params: params, id: .int(1)), session: session)
        dispatcher.closeSession(session)
        await host.shutdown()
        let result: JSONValue
        switch outcome {
        case .success(let bytes): result = try JSONParser.parse(bytes)
        case .failure(let error):
            FileHandle.standardError.write(Data((error.oneLine + "\n").utf8))
            throw ExitCode(2)
        }
        guard let html = result["html"]?.stringValue else { throw CommandFailure("the report has no HTML page") }
        try Data(html.utf8).write(to: URL(fileURLWithPath: output))
        print("wrote \(output) (\(html.utf8.count) bytes)")
        if let csvDir, case .object(let files)? = result["csv"] {
            try FileManager.default.createDirectory(atPath: csvDir, withIntermediateDirectories: true)
            for (name, content) in files {
                let path = URL(fileURLWithPath: csvDir).appendingPathComponent(name)
                try Data((content.stringValue ?? "").utf8).write(to: path)
                print("wrote \(path.path)")
            }
        }
    }
}
