import Foundation
import JSONRPC

/// `events.unsubscribe`: stops the given topics (all when omitted).
struct EventsUnsubscribeMethod: RPCMethod {
    struct Params: Decodable, Sendable { let topics: [String]? }
    static let name = "events.unsubscribe"
    static let summary = "Unsubscribes from the given topics, or from all when topics is omitted."
    static let role = Role.integration
    static let paramsSchema = Schema.object([optional("topics", .array(.string))])
    static let resultSchema = EventsSubscribeMethod.resultSchema
    func handle(_ p: Params, context: RequestContext) async throws -> EventsSubscribeMethod.Result {
        var left: [String] = []
        for host in context.practices.hosts { left = host.events.unsubscribe(session: context.session.id, topics: p.topics) }
        return EventsSubscribeMethod.Result(topics: left)
    }
}
