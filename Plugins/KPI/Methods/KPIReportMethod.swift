import Foundation
import JSONRPC
import Kernel
import Practice

/// `kpi.report {from, to, format?: html|csv|all}`: the period report as one self-contained HTML page
/// and/or a CSV file per series (`permanence report` writes them to disk).
struct KPIReportMethod: RPCMethod {
    enum Format: String, Decodable, Sendable, CaseIterable { case html, csv, all }
    struct Params: Decodable, Sendable {
        let from: Date
        let to: Date
        let format: Format?
    }
    struct Result: Encodable, Sendable {
        let html: String?
        let csv: [String: String]?
    }
    let kpi: KPIContext
    static let name = "kpi.report"
    static let summary = "The period report: an HTML page with SVG charts and tables, and/or CSV files of every series."
    static let role = Role.secretary
    static var scope: MethodScope { .pool }
    static let paramsSchema = Schema.object([
        required("from", .instant), required("to", .instant), optional("format", .oneOf(Format.allCases.map(\.rawValue)), "Default html.")
    ])
    static let resultSchema = Schema.object([optional("html", .string), optional("csv", .map(.string))])

    func handle(_ p: Params, context: RequestContext) async throws -> Result {
        try kpi.checkPeriod(from: p.from, to: p.to, maximumDays: Double(KPIReport.maximumDays))
        var report = try await KPIReport.build(
            from: p.from, to: p.to, kpi: kpi, pool: KPIPoolSettings(own: kpi, context: context), store: context.store, now: context.now)
        if let figures = context.host.services.resolve((any AppointmentFigures).self) {
            let now = context.now
            report.appointments = try await context.store.read { db in try figures.figures(from: p.from, to: p.to, now: now, in: db) }
        }
        let format = p.format ?? .html
        return Result(html: format == .csv ? nil : report.html, csv: format == .html ? nil : report.csvFiles)
    }
}
