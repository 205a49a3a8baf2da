import Foundation
import GRDB
import JSONRPC

/// `events.subscribe`: server-pushed notifications for the given topics, those the session's role
/// may receive (see `EventAccess`); the others are refused and named in the reply.
struct EventsSubscribeMethod: RPCMethod {
    struct Params: Decodable, Sendable { let topics: [String] }
    struct Result: Encodable, Sendable {
        let topics: [String]
        /// Topics (or wildcards) asked for that this session's role may not receive, and why.
        var refused: [EventBus.Refusal]? = nil
        /// The declared topics the session now receives.
        var receives: [String]? = nil
    }
    static let name = "events.subscribe"
    static let summary = "Subscribes the session to event topics (exact, namespace.* or *) its role may receive; names those refused."
    static let role = Role.integration
    static let maximumTopics = 100
    static let paramsSchema = Schema.object([
        required(
            "topics", .array(.string.maxLength(100)).maxItems(maximumTopics),
            "Topics, namespace.* or *; wildcards cover only the topics the session's role may receive")
    ])
    static let resultSchema = Schema.object([
        required("topics", .array(.string), "The whole subscription"),
        optional(
            "refused",
            .array(
                .object([
                    required("topic", .string), required("required", .string, "The lowest role that receives it"),
                    required("reason", .string)
                ])), "What was asked for and is not given"),
        optional("receives", .array(.string), "The declared topics the session now receives")
    ])
    func handle(_ p: Params, context: RequestContext) async throws -> Result {
        let known = Set(context.host.eventTopics)
        for (i, t) in p.topics.enumerated() where !known.contains(t) {
            throw RPCError.invalidParams(field: "topics[\(i)]", "unknown topic \"\(t)\"")
        }
        let events = context.host.events
        let role = context.role
        let (accepted, refused) = events.admission(of: p.topics, role: role)
        let topics = events.subscribe(context.session, topics: accepted)
        return Result(topics: topics, refused: refused, receives: events.receivedTopics(topics, role: role))
    }
}
