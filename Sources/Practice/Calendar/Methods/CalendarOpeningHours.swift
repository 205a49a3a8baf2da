import Foundation
import JSONRPC
import Kernel

/// `calendar.openingHours`: a site's hours for every local date from `from` to `to` inclusive,
/// holidays, closures and exceptional openings applied, daylight-saving days expanded right.
struct CalendarOpeningHours: RPCMethod {
    struct Params: Decodable, Sendable {
        let siteId: String
        let from: LocalDate
        let to: LocalDate
    }
    struct Result: Encodable, Sendable {
        let siteId: String
        let timezone: String
        let days: [OpeningDay]
    }

    /// The longest span answered, in days.
    static let maximumDays = 366
    static let name = "calendar.openingHours"
    static let summary = "A site's opening ranges per local date (instants and local HH:mm), with the reason of closed days."
    static let role = Role.integration
    static var paramsSchema: Schema {
        .object([
            required("siteId", .string), required("from", .date, "First local date"),
            required("to", .date, "Last local date, inclusive; at most \(maximumDays) days in all")
        ])
    }
    static var resultSchema: Schema {
        .object([required("siteId", .string), required("timezone", .string), required("days", .array(OpeningDay.schema))])
    }

    let directory: PracticeDirectory

    func handle(_ p: Params, context: RequestContext) async throws -> Result {
        let calendar = try directory.calendar(for: p.siteId)
        guard p.from <= p.to else { throw RPCError.unprocessable(field: "to", "\(p.to) is before from (\(p.from))") }
        guard p.from.days(until: p.to) < Self.maximumDays else {
            throw RPCError.unprocessable(
                field: "to", "the span from \(p.from) to \(p.to) is \(p.from.days(until: p.to) + 1) days; at most \(Self.maximumDays) days per call")
        }
        let days = calendar.openingHours(from: p.from, to: p.to).map { OpeningDay($0, calendar: calendar) }
        return Result(siteId: p.siteId, timezone: calendar.timeZone.identifier, days: days)
    }
}
