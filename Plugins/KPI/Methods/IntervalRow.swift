import Foundation
import JSONRPC
import Practice

/// One interval of a KPI result as the wire shows it: its local date, its local time (`HH:mm`) and
/// the instant it starts, then the method's figures for it, all members of one object
/// (`{date, time, start, calls, agents, …}`).
struct IntervalRow<Figures: Encodable & Sendable>: Encodable, Sendable {
    let date: LocalDate
    let time: String
    let start: Date
    let figures: Figures

    /// The row of `interval`, whose start is placed in the practice's zone.
    init(_ interval: IntervalKey, _ figures: Figures, kpi: KPIContext) {
        date = interval.date
        time = kpi.time(interval)
        start = kpi.instant(interval)
        self.figures = figures
    }

    private enum CodingKeys: String, CodingKey { case date, time, start }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(date, forKey: .date)
        try c.encode(time, forKey: .time)
        try c.encode(start, forKey: .start)
        try figures.encode(to: encoder)
    }

    /// The schema of a row: `date`, `time` and `start`, then the figures' `fields`.
    static func schema(_ fields: [Schema.Field]) -> Schema {
        .object([required("date", .date), required("time", .localTime), required("start", .instant)] + fields)
    }
}
