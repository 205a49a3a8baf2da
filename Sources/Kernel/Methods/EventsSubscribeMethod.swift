import Foundation
import JSONRPC

/// `events.subscribe`: server-pushed notifications for the given topics, those the session's role
/// may receive (see `EventAccess`); the others are refused and named in the reply. Events of every
/// practice the session acts for, or of those `practiceIds` names; each event names its practice.
struct EventsSubscribeMethod: RPCMethod {
    struct Params: Decodable, Sendable {
        let topics: [String]
        let practiceIds: [String]?
    }
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
            "Topics, namespace.* or *; wildcards cover only the topics the session's role may receive"),
        optional(
            "practiceIds", .array(.string.maxLength(63)).maxItems(1000),
            "Only the events of these practices (default: every practice the session acts for)")
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
        var hosts = context.visiblePractices
        if let ids = p.practiceIds {
            for (i, id) in ids.enumerated() where !hosts.contains(where: { $0.practiceId == id }) {
                if context.practices.host(id: id) == nil {
                    throw RPCError.notFound("no practice \"\(id)\" is served here", field: "practiceIds[\(i)]")
                }
                throw RPCError(
                    .forbidden, "Forbidden: this session does not act for practice \(id)",
                    data: ["field": .string("practiceIds[\(i)]"), "reason": .string("practice \(id) is outside the token's practices")])
            }
            hosts = hosts.filter { ids.contains($0.practiceId) }
        }
        let events = context.host.events
        let role = context.role
        let (accepted, refused) = events.admission(of: p.topics, role: role)
        var topics: [String] = []
        for host in hosts { topics = host.events.subscribe(context.session, topics: accepted) }
        return Result(topics: topics, refused: refused, receives: events.receivedTopics(topics, role: role))
    }
}
