import Foundation
import GRDB
import JSONRPC

/// The methods every Permanence server answers, whatever plugins it runs.
enum KernelMethods {
    static func all(host: KernelHost) -> [AnyMethod] {
        var methods: [AnyMethod] = [
            AnyMethod(Initialize(), allowsUnauthenticated: true),
            AnyMethod(Initialized(), allowsUnauthenticated: true),
            AnyMethod(Shutdown()),
            AnyMethod(Exit(), allowsUnauthenticated: true),
            AnyMethod(CancelRequest(), allowsUnauthenticated: true),
            AnyMethod(Discover()),
            AnyMethod(Ping()),
            AnyMethod(Status()),
            AnyMethod(Subscribe()),
            AnyMethod(Unsubscribe()),
            AnyMethod(AuditList())
        ]
        if let manual = host.clock as? ManualClock {
            methods.append(AnyMethod(ClockSet(clock: manual)))
        }
        return methods
    }
}

struct ClientInfo: Decodable, Sendable {
    let name: String
    let version: String?
}

/// `initialize`: the handshake; authenticates a TCP session with its token.
struct Initialize: RPCMethod {
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
        required("webhookEvents", .array(.string), "The events the modules send to the practice's webhooks (what notify.webhooks[].events may name)")
    ])

    func handle(_ p: Params, context: RequestContext) async throws -> Result {
        let session = context.session
        if session.transport == .tcp {
            guard let token = p.token else {
                throw RPCError(.notAuthenticated, "Not authenticated: a token is required", data: ["field": "token"])
            }
            guard let found = try context.host.tokens.verify(token) else {
                throw RPCError(.notAuthenticated, "Not authenticated: unknown or revoked token", data: ["field": "token"])
            }
            session.authenticate(role: found.role, actor: found.name)
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
            webhookEvents: host.plugins.flatMap(\.webhookEvents).sorted())
    }
}

/// `initialized`: the client's acknowledgement (a notification; nothing to do).
struct Initialized: RPCMethod {
    static let name = "initialized"
    static let summary = "Notification sent by the client after initialize."
    static let role = Role.integration
    static let paramsSchema = Schema.empty
    static let resultSchema = Schema.null
    func handle(_ p: NoParams, context: RequestContext) async throws -> JSONValue { .null }
}

/// `shutdown`: the session will accept no more requests but `exit`.
struct Shutdown: RPCMethod {
    static let name = "shutdown"
    static let summary = "Asks the session to stop accepting requests; reply null. Then send exit."
    static let role = Role.integration
    static let paramsSchema = Schema.empty
    static let resultSchema = Schema.null
    func handle(_ p: NoParams, context: RequestContext) async throws -> JSONValue {
        context.session.markShutdown()
        return .null
    }
}

/// `exit`: closes the connection (stdio: ends the process once replies are written).
struct Exit: RPCMethod {
    static let name = "exit"
    static let summary = "Closes the session after pending replies are written."
    static let role = Role.integration
    static let paramsSchema = Schema.empty
    static let resultSchema = Schema.null
    func handle(_ p: NoParams, context: RequestContext) async throws -> JSONValue {
        context.session.requestExit()
        return .null
    }
}

/// `$/cancelRequest`: the named request stops and still answers, with -32800 (or with its result
/// when its work was already done).
struct CancelRequest: RPCMethod {
    struct Params: Decodable, Sendable { let id: JSONValue }
    static let name = "$/cancelRequest"
    static let summary = "Cancels an in-flight request of this session; it answers -32800, or its result if its work was already done."
    static let role = Role.integration
    static let paramsSchema = Schema.object([required("id", .any)])
    static let resultSchema = Schema.null
    func handle(_ p: Params, context: RequestContext) async throws -> JSONValue {
        context.session.cancel(p.id)
        return .null
    }
}

/// `rpc.discover`: the OpenRPC document of every enabled method.
struct Discover: RPCMethod {
    static let name = "rpc.discover"
    static let summary = "Returns the OpenRPC 1.3 document describing every enabled method."
    static let role = Role.integration
    static let paramsSchema = Schema.empty
    static let resultSchema = Schema(["$ref": "https://raw.githubusercontent.com/open-rpc/meta-schema/master/schema.json"])
    func handle(_ p: NoParams, context: RequestContext) async throws -> JSONValue {
        context.host.openRPCDocument
    }
}

/// `kernel.ping`: the cheapest round trip.
struct Ping: InlineRPCMethod {
    typealias Params = NoParams
    typealias Result = String
    static let name = "kernel.ping"
    static let summary = "Answers \"pong\": a liveness check and the benchmark's unit of work."
    static let role = Role.integration
    static let paramsSchema = Schema.empty
    static let resultSchema = Schema.string
    func handleInline(_ p: NoParams, context: RequestContext) throws -> String { "pong" }
}

/// `kernel.status`: what runs and how it is doing.
struct Status: RPCMethod {
    struct Result: Encodable, Sendable {
        struct PluginStatus: Encodable, Sendable {
            let id: String
            let version: String
        }
        struct Database: Encodable, Sendable {
            let path: String
            let journalMode: String
            let sizeBytes: Int?
        }
        let version: String
        let now: Date
        let startedAt: Date
        let uptimeSeconds: Double
        let plugins: [PluginStatus]
        let database: Database
        let outbox: [String: Int]
        let sessions: Int
    }
    static let name = "kernel.status"
    static let summary = "Version, uptime, enabled plugins, database and outbox backlog."
    static let role = Role.integration
    static let paramsSchema = Schema.empty
    static let resultSchema = Schema.object([
        required("version", .string), required("now", .instant), required("startedAt", .instant), required("uptimeSeconds", .number),
        required("plugins", .array(.object([required("id", .string), required("version", .string)]))),
        required("database", .object([required("path", .string), required("journalMode", .string), optional("sizeBytes", .integer)])),
        required("outbox", .map(.integer)), required("sessions", .integer)
    ])
    func handle(_ p: NoParams, context: RequestContext) async throws -> Result {
        let host = context.host
        let (mode, backlog) = try await host.store.read { db in
            (try KernelStore.journalMode(in: db), try Outbox.backlog(db))
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: host.store.path)[.size] as? Int) ?? nil
        let now = context.now
        return Result(
            version: KernelHost.version, now: now, startedAt: host.startedAt, uptimeSeconds: now.timeIntervalSince(host.startedAt),
            plugins: host.plugins.map { .init(id: $0.id, version: $0.version) },
            database: .init(path: host.store.path, journalMode: mode, sizeBytes: size),
            outbox: backlog, sessions: host.openSessions)
    }
}

/// `events.subscribe`: server-pushed notifications for the given topics, those the session's role
/// may receive (see `EventAccess`); the others are refused and named in the reply.
struct Subscribe: RPCMethod {
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

/// `events.unsubscribe`: stops the given topics (all when omitted).
struct Unsubscribe: RPCMethod {
    struct Params: Decodable, Sendable { let topics: [String]? }
    static let name = "events.unsubscribe"
    static let summary = "Unsubscribes from the given topics, or from all when topics is omitted."
    static let role = Role.integration
    static let paramsSchema = Schema.object([optional("topics", .array(.string))])
    static let resultSchema = Subscribe.resultSchema
    func handle(_ p: Params, context: RequestContext) async throws -> Subscribe.Result {
        Subscribe.Result(topics: context.host.events.unsubscribe(session: context.session.id, topics: p.topics))
    }
}

/// `kernel.audit`: the audit trail, newest first, a page at a time.
struct AuditList: RPCMethod {
    struct Params: Decodable, Sendable {
        let method: String?
        let limit: Int?
        let cursor: String?
    }
    static let name = "kernel.audit"
    static let summary = "Lists the audit trail newest first (who called which changing or sensitive method, when), a page at a time."
    static let role = Role.admin
    static let paramsSchema = Schema.object([optional("method", .string)] + PageCursor.paramsFields(standard: 100))
    static let resultSchema = Page<AuditLog.Entry>.schema(
        .object([
            required("id", .integer), required("at", .instant), required("actor", .string), required("role", .string),
            required("method", .string), required("params", .string)
        ]))
    func handle(_ p: Params, context: RequestContext) async throws -> Page<AuditLog.Entry> {
        let limit = try PageCursor.limit(p.limit, standard: 100)
        let before = try PageCursor.decode(p.cursor, shape: [.int])?[0].int
        await context.host.flushAudit()
        let rows = try await context.host.audit.entries(method: p.method, before: before, limit: limit + 1)
        return Page(fetched: rows, limit: limit) { [PageKey($0.id)] }
    }
}

/// `kernel.clock.set`: moves a manual clock (only when the server runs with `--clock`).
struct ClockSet: RPCMethod {
    let clock: ManualClock
    struct Params: Decodable, Sendable {
        let at: Date?
        let advanceSeconds: Double?
    }
    struct Result: Encodable, Sendable { let now: Date }
    static let name = "kernel.clock.set"
    static let summary = "Sets or advances the manual clock (servers started with --clock only)."
    static let role = Role.admin
    static let effect = MethodEffect.write
    static let paramsSchema = Schema.object([optional("at", .instant), optional("advanceSeconds", .number)])
    static let resultSchema = Schema.object([required("now", .instant)])
    func handle(_ p: Params, context: RequestContext) async throws -> Result {
        if let at = p.at {
            guard at >= clock.now() else { throw RPCError.unprocessable(field: "at", "the clock never goes backwards") }
            clock.set(at)
        }
        if let s = p.advanceSeconds {
            guard s >= 0 else { throw RPCError.invalidParams(field: "advanceSeconds", "must be positive") }
            clock.advance(by: s)
        }
        return Result(now: clock.now())
    }
}
