import Foundation
import JSONRPC
import Kernel

/// `calendars.revokeFeed`: the subscription URL answers 404 from now on.
struct CalendarsRevokeFeedMethod: OneKeyMethod {
    static let keyParam = required("feedId", .string)
    static let name = "calendars.revokeFeed"
    static let summary = "Revokes a calendar subscription: its URL answers 404 at once; returns the feed."
    static let role = Role.staff
    static let effect = MethodEffect.write
    static let resultSchema = CalendarsFeedsMethod.feed

    func handle(_ p: Params, context: RequestContext) async throws -> CalendarFeed {
        try await context.write { db in
            let practiceId = context.practiceId
            guard let feed = try CalendarFeedStore.feed(id: p.key, practiceId: practiceId, in: db) else {
                throw RPCError.notFound("calendar feed \"\(p.key)\"", field: "feedId")
            }
            guard feed.revokedAt == nil else { throw RPCError.conflict("calendar feed \"\(p.key)\" is already revoked") }
            try CalendarFeedStore.revoke(id: feed.id, by: context.actor, at: context.now, practiceId: practiceId, in: db)
            return try CalendarFeedStore.feed(id: feed.id, practiceId: practiceId, in: db)!
        }
    }
}
