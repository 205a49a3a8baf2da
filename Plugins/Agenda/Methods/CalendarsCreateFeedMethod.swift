import Foundation
import JSONRPC
import Kernel

/// `calendars.createFeed`: a subscription URL for a practitioner's calendar. The token inside it
/// is shown this once (only its digest is kept); `calendars.revokeFeed` ends it.
struct CalendarsCreateFeedMethod: OneKeyMethod {
    static let keyParam = required("practitionerId", .string)
    struct Result: Encodable, Sendable {
        let feedId: String
        let practitionerId: String
        /// `http.publicUrl` + the practice's prefix (`/practices/{id}` when it has an id) + `/calendars/<token>.ics`
        /// (a path alone when no public URL is configured).
        let url: String
        let token: String
    }
    static let name = "calendars.createFeed"
    static let summary = "Creates a calendar subscription URL for a practitioner; the token is shown once."
    static let role = Role.staff
    static let effect = MethodEffect.write
    static let resultSchema = Schema.object([
        required("feedId", .string), required("practitionerId", .string),
        required(
            "url", .string, "what the calendar subscribes to: http.publicUrl + /practices/{practiceId} (when the practice has an id) + /calendars/<token>.ics"),
        required("token", .string, "shown once; only its SHA-256 is stored")
    ])
    let core: AgendaCore

    func handle(_ p: Params, context: RequestContext) async throws -> Result {
        let practiceId = context.practiceId
        _ = try core.practitioner(p.key)
        let now = context.now
        let actor = context.actor
        let (feed, token) = try await context.write { db in
            try CalendarFeedStore.create(practitionerId: p.key, by: actor, at: now, practiceId: practiceId, in: db)
        }
        return Result(
            feedId: feed.id, practitionerId: feed.practitionerId,
            url: Self.baseURL(context.host.configuration) + context.host.httpPathPrefix + "/calendars/\(token).ics", token: token)
    }

    /// `http.publicUrl` without a trailing slash, else `http://` + `http.listen`, else empty (a path alone).
    static func baseURL(_ configuration: ConfigurationDocument) -> String {
        if let url = configuration.root["http"]?["publicUrl"]?.stringValue { return url.hasSuffix("/") ? String(url.dropLast()) : url }
        if let listen = configuration.root["http"]?["listen"]?.stringValue { return "http://" + listen }
        return ""
    }
}
