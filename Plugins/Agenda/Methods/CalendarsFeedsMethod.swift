import Foundation
import JSONRPC
import Kernel

/// `calendars.feeds`: the calendar subscriptions, revoked ones included, without their tokens.
struct CalendarsFeedsMethod: RPCMethod {
    struct Params: Decodable, Sendable { let practitionerId: String? }
    struct Result: Encodable, Sendable { let feeds: [CalendarFeed] }
    static let name = "calendars.feeds"
    static let summary = "Lists the calendar subscriptions (all, or one practitioner's), with their last fetch; never the tokens."
    static let role = Role.staff
    static let effect = MethodEffect.read
    static let paramsSchema = Schema.object([optional("practitionerId", .string)])
    static let feed = Schema.object([
        required("id", .string), required("practitionerId", .string), required("createdAt", .instant), required("createdBy", .string),
        optional("revokedAt", .instant), optional("revokedBy", .string), optional("lastFetchedAt", .instant),
        required("fetches", .integer, "how many times a calendar fetched it")
    ])
    static let resultSchema = Schema.object([required("feeds", .array(feed))])

    func handle(_ p: Params, context: RequestContext) async throws -> Result {
        let practiceId = context.practiceId
        await context.host.flushAudit() // fetch counts are written behind the fetches: count them all
        return Result(
            feeds: try await context.store.read { db in try CalendarFeedStore.list(practitionerId: p.practitionerId, practiceId: practiceId, in: db) })
    }
}
