import Foundation
import JSONRPC
import Kernel

/// `usage.report {from, to, practiceIds? | practiceId?, format?: json|csv}`: what each practice of
/// the pool used of the answering service over `[from, to)`, the figures a medical answering
/// service bills its client practices on (``UsageReport``), and their total.
///
/// The pool (`MethodScope.pool`): the practices named, or every practice the session may act for.
/// JSON gives `practices` and `total`; CSV gives `csv`, one line per practice and the total last.
struct UsageReportMethod: RPCMethod {
    enum Format: String, Decodable, Sendable, CaseIterable { case json, csv }
    struct Params: Decodable, Sendable {
        let from: Date
        let to: Date
        let format: Format?
    }
    struct Result: Encodable, Sendable {
        let from: Date
        let to: Date
        let practices: [UsageReport.Line]?
        let total: UsageReport.Line?
        let csv: String?
    }

    static let name = "usage.report"
    static let summary =
        "Billing figures per practice of the pool over a period: calls, talk time, messages, bookings, SMS segments, webhooks; and their total."
    static let role = Role.admin
    static let scope = MethodScope.pool
    /// The longest period one report covers.
    static let maximumDays = 366

    static var paramsSchema: Schema {
        .object([
            required("from", .instant, "Start of the period (included)."), required("to", .instant, "End of the period (excluded)."),
            optional("format", .oneOf(Format.allCases.map(\.rawValue)), "Default json.")
        ])
    }
    static var resultSchema: Schema {
        let line = Schema.object([
            optional("practiceId", .string, "Absent on the total"), optional("name", .string, "The practice's name; absent on the total"),
            required("callsOffered", .integer, "Closed calls offered to the practice's queues, by offer time"),
            required("callsAnswered", .integer), required("talkSeconds", .integer, "Talk time of the answered calls"),
            required("talkMinutes", .number, "talkSeconds in minutes, to the hundredth"),
            required("messagesTaken", .integer, "Messages secretaries took, by the time taken"),
            required("appointmentsBooked", .integer, "Appointments booked, by booking time (not appointment time); moves not counted"),
            required("smsSent", .integer, "SMS the gateway accepted, by delivery time"), required("smsSegments", .integer, "Their segments"),
            required("webhooksDelivered", .integer, "Webhook calls an endpoint accepted, by delivery time")
        ])
        return .object([
            required("from", .instant), required("to", .instant),
            optional("practices", .array(line), "format json: one line per practice of the pool, in its order"),
            optional("total", line, "format json: the sum of the lines"),
            optional("csv", .string, "format csv: a header, one line per practice, the total last (empty practice_id, name Total)")
        ])
    }

    func handle(_ p: Params, context: RequestContext) async throws -> Result {
        guard p.to > p.from else { throw RPCError.unprocessable(field: "to", "must be after from") }
        guard p.to.timeIntervalSince(p.from) <= Double(Self.maximumDays) * 86_400 else {
            throw RPCError.unprocessable(field: "to", "a report covers at most \(Self.maximumDays) days")
        }
        var pool: [(id: String, name: String)] = []
        var sources: [any UsageSource] = []
        for id in context.pool {
            let host = context.practices.host(id: id) ?? context.host
            pool.append((id, host.services.resolve(PracticeDirectory.self)?.profile.name ?? id))
            // Each module once, from whichever practice has it enabled: its query covers the whole pool.
            for source in host.services.resolve(UsageSources.self)?.all ?? [] where !sources.contains(where: { $0.key == source.key }) {
                sources.append(source)
            }
        }
        let report = try await UsageReport.build(pool: pool, from: p.from, to: p.to, sources: sources, store: context.store)
        if p.format == .csv { return Result(from: p.from, to: p.to, practices: nil, total: nil, csv: report.csv) }
        return Result(from: p.from, to: p.to, practices: report.practices, total: report.total, csv: nil)
    }
}
