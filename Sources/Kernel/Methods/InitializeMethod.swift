import Foundation
import JSONRPC

struct ClientInfo: Decodable, Sendable {
    let name: String
    let version: String?
}

/// `initialize`: the handshake; authenticates a TCP session with its token.
struct InitializeMethod: RPCMethod {
    struct Params: Decodable, Sendable {
        let clientInfo: ClientInfo?
        let token: String?
    }
    struct PluginInfo: Encodable, Sendable {
        let id: String
        let version: String
        let methods: [String]
    }
    /// Who receives a topic: the lowest role, and whether deliveries carry patient data (audited).
    struct TopicAccess: Encodable, Sendable {
        let role: String
        let patientData: Bool
    }
    struct Result: Encodable, Sendable {
        let serverInfo: [String: String]
        let protocolVersion: String
        let role: String
        let plugins: [PluginInfo]
        let eventTopics: [String]
        let timezone: String
        let eventAccess: [String: TopicAccess]
        let webhookEvents: [String]
        /// The practices this session may act for (`practiceId` of practice-scoped methods).
        let practices: [String]
    }
    static let name = "initialize"
    static let summary = "Opens the session: authenticates (TCP) and describes the server, its plugins and event topics."
    static let role = Role.integration
    static let paramsSchema = Schema.object([
        optional("clientInfo", .object([required("name", .string), optional("version", .string)])),
        optional("token", .string, "API token (required on TCP)")
    ])
    static let resultSchema = Schema.object([
        required("serverInfo", .map(.string)), required("protocolVersion", .string), required("role", .string),
        required("plugins", .array(.object([required("id", .string), required("version", .string), required("methods", .array(.string))]))),
        required("eventTopics", .array(.string)), required("timezone", .string),
        required(
            "eventAccess", .map(.object([required("role", .oneOf(Role.allCases.map(\.rawValue))), required("patientData", .boolean)])),
            "Each declared topic: the lowest role that receives it, and whether it carries patient data"),
        required("webhookEvents", .array(.string), "The events the modules send to the practice's webhooks (what notify.webhooks[].events may name)"),
        required(
            "practices", .array(.string),
            "The practices this session may act for; a practice-scoped method takes practiceId, which may be omitted when there is one")
    ])

    func handle(_ p: Params, context: RequestContext) async throws -> Result {
        let session = context.session
        if session.transport == .tcp {
            guard let token = p.token else {
                throw RPCError(.notAuthenticated, "Not authenticated: a token is required", data: ["field": "token"])
            }
            let tokens = context.host.tokens
            // On a database server the lookup waits for the network: on one of its threads.
            let verified =
                if let server = context.store.server { try await server.runOnServerThread { try tokens.verify(token) } } else {
                    try tokens.verify(token)
                }
            guard let found = verified else {
                throw RPCError(.notAuthenticated, "Not authenticated: unknown or revoked token", data: ["field": "token"])
            }
            let served = context.practices
            if found.role.isPracticeOwn && found.practices == nil && served.hosts.count > 1 {
                throw RPCError(
                    .forbidden, "Forbidden: a \(found.role.rawValue) token must name its practice on a server answering for several",
                    data: ["field": "token", "reason": .string("token create --role \(found.role.rawValue) --practices ID")])
            }
            session.authenticate(role: found.role, actor: found.name, practices: found.practices.map(Set.init))
        }
        session.markInitialized(client: p.clientInfo?.name)
        let host = context.host
        return Result(
            serverInfo: ["name": "permanence", "version": KernelHost.version],
            protocolVersion: "1.0",
            role: context.session.role?.rawValue ?? "",
            plugins: host.registry.plugins.map { PluginInfo(id: $0.id, version: $0.version, methods: $0.methods) },
            eventTopics: host.eventTopics,
            timezone: host.timeZone.identifier,
            eventAccess: host.events.declaredTopics.mapValues { TopicAccess(role: $0.role.rawValue, patientData: $0.carriesPatientData) },
            webhookEvents: host.plugins.flatMap(\.webhookEvents).sorted(),
            practices: context.visiblePractices.map(\.practiceId))
    }
}
