import Foundation
import Kernel

/// `calendar.nextBusinessDay`: the first local date after the local date of `after` on which the
/// site opens (weekends, holidays and closures skipped), with its hours.
struct CalendarNextBusinessDay: RPCMethod {
    struct Params: Decodable, Sendable {
        let siteId: String?
        let after: Date
    }
    struct Result: Encodable, Sendable {
        let siteId: String
        let after: Date
        /// Nil when the site does not open within 400 days.
        let date: LocalDate?
        let opensAt: Date?
        let day: OpeningDay?
    }

    static let name = "calendar.nextBusinessDay"
    static let summary = "The first local date after the given instant's date on which the site opens, with its hours."
    static let role = Role.integration
    static var paramsSchema: Schema {
        .object([required("after", .instant), optional("siteId", .string, "Default: the first site")])
    }
    static var resultSchema: Schema {
        .object([
            required("siteId", .string), required("after", .instant), optional("date", .date), optional("opensAt", .instant),
            optional("day", OpeningDay.schema)
        ])
    }

    let directory: PracticeDirectory

    func handle(_ p: Params, context: RequestContext) async throws -> Result {
        let site = try directory.site(p.siteId)
        let calendar = try directory.calendar(for: site.id)
        guard let date = calendar.nextBusinessDay(after: p.after) else {
            return Result(siteId: site.id, after: p.after, date: nil, opensAt: nil, day: nil)
        }
        let day = calendar.dayHours(on: date)
        return Result(
            siteId: site.id, after: p.after, date: date, opensAt: day.intervals.first?.start,
            day: OpeningDay(day, calendar: calendar))
    }
}
