import Foundation
import JSONRPC
import Kernel
import Testing

/// Which practice a call acts for on a server answering for several (`PracticeHosts.target`),
/// through the dispatcher and sessions authenticated with tokens of a scope.
@Suite struct PracticeHostsTests {
    /// Answers which practice's host ran it.
    struct WhoAmI: RPCMethod {
        struct Result: Encodable, Sendable {
            let practiceId: String
            let host: String
        }
        static let name = "who.ami"
        static let summary = "The practice this call acts for."
        static let role = Role.integration
        static let paramsSchema = Schema.empty
        static let resultSchema = Schema.object([required("practiceId", .string), required("host", .string)])
        func handle(_ p: NoParams, context: RequestContext) async throws -> Result {
            Result(practiceId: context.practiceId, host: context.host.practiceId)
        }
    }

    /// Like `calls.identify`: the practice by the number dialled.
    struct Dialled: RPCMethod {
        struct Params: Decodable, Sendable { let dialled: String }
        static let name = "who.dialled"
        static let summary = "The practice whose number was dialled."
        static let role = Role.integration
        static let scope = MethodScope.practiceByNumber(param: "dialled")
        static let paramsSchema = Schema.object([required("dialled", .string)])
        static let resultSchema = Schema.string
        func handle(_ p: Params, context: RequestContext) async throws -> String { context.practiceId }
    }

    /// Like `kpi.summary`: figures over a pool of practices.
    struct WhoPool: RPCMethod {
        struct Params: Decodable, Sendable { let label: String? }
        struct Result: Encodable, Sendable {
            let pool: [String]
            let host: String
            let label: String?
        }
        static let name = "who.pool"
        static let summary = "The practices this call's figures cover."
        static let role = Role.integration
        static let scope = MethodScope.pool
        static let paramsSchema = Schema.object([optional("label", .string)])
        static let resultSchema = Schema.object([required("pool", .array(.string)), required("host", .string), optional("label", .string)])
        func handle(_ p: Params, context: RequestContext) async throws -> Result {
            Result(pool: context.pool, host: context.host.practiceId, label: p.label)
        }
    }

    /// A read of personal data: audited, in the trail of the practice it acts for.
    struct WhoSecret: RPCMethod {
        static let name = "who.secret"
        static let summary = "A sensitive read."
        static let role = Role.integration
        static let effect = MethodEffect.sensitiveRead
        static let paramsSchema = Schema.empty
        static let resultSchema = Schema.string
        func handle(_ p: NoParams, context: RequestContext) async throws -> String { context.practiceId }
    }

    /// The same, answered on the transport's thread: audited all the same.
    struct WhoSecretInline: InlineRPCMethod {
        typealias Params = NoParams
        typealias Result = String
        static let name = "who.secretInline"
        static let summary = "A sensitive read answered inline."
        static let role = Role.integration
        static let effect = MethodEffect.sensitiveRead
        static let paramsSchema = Schema.empty
        static let resultSchema = Schema.string
        func handleInline(_ p: NoParams, context: RequestContext) throws -> String { context.practiceId }
    }

    struct WhoPlugin: Plugin {
        let id = "who"
        let version = "1.0"
        let namespaces = ["who"]
        func methods(host: KernelHost) -> [AnyMethod] {
            [AnyMethod(WhoAmI()), AnyMethod(Dialled()), AnyMethod(WhoPool()), AnyMethod(WhoSecret()), AnyMethod(WhoSecretInline())]
        }
    }

    struct Service {
        let practices: PracticeHosts
        let dispatcher: Dispatcher
        let tokens: TokenStore

        /// Practices `ids`, each with the `who` plugin unless listed in `without`.
        init(_ ids: [String], without: Set<String> = []) async throws {
            let store = try Store()
            let clock = ManualClock(TestHost.t0)
            var hosts: [KernelHost] = []
            for (i, id) in ids.enumerated() {
                let yaml = "practice: {id: \(id), name: \(id), timezone: Europe/Paris, numbers: [\"+3346571001\(i)\"]}"
                let host = try KernelHost(store: store, clock: clock, configuration: try ConfigurationDocument(yaml: yaml))
                try await host.install(without.contains(id) ? [] : [WhoPlugin()])
                hosts.append(host)
            }
            practices = PracticeHosts(hosts)
            dispatcher = Dispatcher(practices: practices)
            tokens = practices.service.tokens
        }

        /// A TCP session initialized with a new token of `role` for `scope` (nil: all); gives the reply to initialize.
        func session(_ role: Role, _ scope: [String]?) async throws -> (Session, JSONValue) {
            let secret = try tokens.create(name: UUID().uuidString, role: role, practices: scope, at: TestHost.t0)
            let session = dispatcher.openSession(transport: .tcp, role: nil, actor: "", sink: { _ in })
            let hello = try await call("initialize", ["token": .string(secret)], session)
            return (session, hello)
        }

        func call(_ method: String, _ params: JSONValue? = nil, _ session: Session) async throws -> JSONValue {
            let line = JSONWriter.string(Request(method: method, params: params, id: 1).jsonValue)
            return try JSONParser.parse(await dispatcher.handle(line: Array(line.utf8), session: session)!)
        }
    }

    @Test func aNamedPracticeRunsOnItsOwnHost() async throws {
        let service = try await Service(["cab-a", "cab-b", "cab-c"])
        let (s, hello) = try await service.session(.secretary, nil)
        #expect(hello["result"]?["practices"] == ["cab-a", "cab-b", "cab-c"])
        for id in ["cab-a", "cab-b", "cab-c"] {
            let r = try await service.call("who.ami", ["practiceId": .string(id)], s)
            #expect(r["result"] == ["practiceId": .string(id), "host": .string(id)], "\(r)")
        }
        #expect(try await service.call("who.dialled", ["dialled": "04 65 71 00 11"], s)["result"] == "cab-b")
        // The kernel's methods act for the service: practiceId is not theirs.
        #expect(try await service.call("kernel.ping", nil, s)["result"] == "pong")
    }

    @Test(arguments: [
        // (practiceId param, session scope, expected code, field)
        (JSONValue?.none, [String]?.none, -32602, "practiceId"),
        (.string("cab-z"), nil, -32004, "practiceId"),
        (.number("3"), nil, -32602, "practiceId"),
        (.string("cab-c"), ["cab-a", "cab-b"], -32002, "practiceId"),
        (nil, ["cab-a", "cab-b"], -32602, "practiceId")
    ])
    func aCallThatCannotActForAPracticeSaysWhy(param: JSONValue?, scope: [String]?, code: Int, field: String) async throws {
        let service = try await Service(["cab-a", "cab-b", "cab-c"])
        let (s, _) = try await service.session(.secretary, scope)
        let r = try await service.call("who.ami", param.map { ["practiceId": $0] }, s)
        #expect(r["error"]?["code"] == .number(String(code)), "\(r)")
        #expect(r["error"]?["data"]?["field"] == .string(field), "\(r)")
        #expect(try await service.call("kernel.ping", nil, s)["result"] == "pong", "the session goes on")
    }

    /// A practice may leave a plugin out: its methods still answer for the practices that have it,
    /// on their own hosts, and say which practice lacks them.
    @Test(arguments: [["cab-a"], ["cab-b"]])
    func aMethodLeftOutByOnePracticeStillServesTheOthers(without: [String]) async throws {
        let service = try await Service(["cab-a", "cab-b"], without: Set(without))
        let (s, _) = try await service.session(.secretary, nil)
        let lacking = without[0]
        let having = lacking == "cab-a" ? "cab-b" : "cab-a"
        #expect(try await service.call("who.ami", ["practiceId": .string(having)], s)["result"]?["host"] == .string(having))
        let refused = try await service.call("who.ami", ["practiceId": .string(lacking)], s)
        #expect(refused["error"]?["code"] == -32601, "\(refused)")
        #expect(refused["error"]?["data"]?["practiceId"] == .string(lacking))
        #expect(try await service.call("who.nothing", ["practiceId": .string(having)], s)["error"]?["code"] == -32601)
    }

    /// Each practice has its own audit trail: `kernel.audit` names the practice it reads, and a
    /// sensitive read (its row written behind the reply) is listed in its practice's trail only.
    @Test func theAuditTrailIsEachPractices() async throws {
        let service = try await Service(["cab-a", "cab-b"])
        let (s, _) = try await service.session(.admin, nil)
        #expect(try await service.call("who.secret", ["practiceId": "cab-b"], s)["result"] == "cab-b")
        let unnamed = try await service.call("kernel.audit", nil, s)
        #expect(unnamed["error"]?["data"]?["field"] == "practiceId", "\(unnamed)")
        let trailB = try await service.call("kernel.audit", ["practiceId": "cab-b", "method": "who.secret"], s)
        #expect(trailB["result"]?["items"]?.arrayValue?.count == 1, "\(trailB)")
        let trailA = try await service.call("kernel.audit", ["practiceId": "cab-a", "method": "who.secret"], s)
        #expect(trailA["result"]?["items"]?.arrayValue?.isEmpty == true, "\(trailA)")
        let (only, _) = try await service.session(.staff, ["cab-a"])
        #expect(try await service.call("kernel.audit", ["practiceId": "cab-b"], only)["error"]?["code"] == -32002)
    }

    @Test func aSensitiveReadAnsweredInlineIsInItsPracticesTrail() async throws {
        let service = try await Service(["cab-a", "cab-b"])
        let (s, _) = try await service.session(.admin, nil)
        let line = JSONWriter.string(Request(method: "who.secretInline", params: ["practiceId": "cab-b"], id: 7).jsonValue)
        guard case .answered(let bytes) = service.dispatcher.answerInline(line: Array(line.utf8), session: s), let bytes else {
            Issue.record("not answered inline")
            return
        }
        #expect(try JSONParser.parse(bytes)["result"] == "cab-b")
        let trailB = try await service.call("kernel.audit", ["practiceId": "cab-b", "method": "who.secretInline"], s)
        #expect(trailB["result"]?["items"]?.arrayValue?.count == 1, "\(trailB)")
        let trailA = try await service.call("kernel.audit", ["practiceId": "cab-a", "method": "who.secretInline"], s)
        #expect(trailA["result"]?["items"]?.arrayValue?.isEmpty == true, "\(trailA)")
    }

    @Test func aSessionOfOnePracticeNeedNotNameIt() async throws {
        let service = try await Service(["cab-a", "cab-b"])
        let (s, hello) = try await service.session(.staff, ["cab-b"])
        #expect(hello["result"]?["practices"] == ["cab-b"])
        #expect(try await service.call("who.ami", nil, s)["result"]?["host"] == "cab-b")
        #expect(try await service.call("who.ami", ["practiceId": "cab-a"], s)["error"]?["code"] == -32002)
        #expect(try await service.call("who.dialled", ["dialled": "+33465710010"], s)["error"]?["code"] == -32002)
        #expect(try await service.call("who.dialled", ["dialled": "+33465719999"], s)["error"]?["data"]?["field"] == "dialled")
    }

    @Test func aPracticesOwnTokenNamesOnePractice() async throws {
        let service = try await Service(["cab-a", "cab-b"])
        #expect(throws: TokenStore.TokenError.self) { try service.tokens.create(name: "x", role: .staff, practices: ["cab-a", "cab-b"], at: TestHost.t0) }
        #expect(throws: TokenStore.TokenError.self) { try service.tokens.create(name: "y", role: .secretary, practices: ["cab a"], at: TestHost.t0) }
        let (_, hello) = try await service.session(.practitioner, nil)
        #expect(hello["error"]?["code"] == -32002 && hello["error"]?["data"]?["field"] == "token", "\(hello)")
    }

    @Test func eventsNameTheirPracticeAndASubscriptionCanChooseThem() async throws {
        let service = try await Service(["cab-a", "cab-b"])
        let pushed = PushedLines()
        let secret = try service.tokens.create(name: "console", role: .admin, practices: nil, at: TestHost.t0)
        let s = service.dispatcher.openSession(transport: .tcp, role: nil, actor: "", sink: { pushed.append($0) })
        _ = try await service.call("initialize", ["token": .string(secret)], s)
        let sub = try await service.call("events.subscribe", ["topics": ["*"], "practiceIds": ["cab-b"]], s)
        #expect(sub["result"]?["topics"] == ["*"], "\(sub)")
        for host in service.practices.hosts { host.events.publish("conformance.tick", ["n": host.practiceId]) }
        #expect(pushed.all == [["jsonrpc": "2.0", "method": "conformance.tick", "params": ["practiceId": "cab-b", "n": "cab-b"]]])
        let wrong = try await service.call("events.subscribe", ["topics": ["*"], "practiceIds": ["cab-z"]], s)
        #expect(wrong["error"]?["code"] == -32004 && wrong["error"]?["data"]?["field"] == "practiceIds[0]")
    }

    @Test func discoveryListsPracticeIdOnPracticeScopedMethodsOnly() async throws {
        let service = try await Service(["cab-a", "cab-b"])
        let (s, _) = try await service.session(.admin, nil)
        let methods = try #require(try await service.call("rpc.discover", nil, s)["result"]?["methods"]?.arrayValue)
        func params(_ name: String) -> [String] {
            methods.first { $0["name"] == .string(name) }?["params"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
        }
        #expect(params("who.ami") == ["practiceId"])
        #expect(params("who.dialled") == ["dialled", "practiceId"])
        #expect(params("who.pool") == ["label", "practiceId", "practiceIds"])
        #expect(!params("kernel.ping").contains("practiceId"))
    }

    @Test func aPoolCallCoversThePracticesItNamesAndRunsOnTheFirst() async throws {
        let service = try await Service(["cab-a", "cab-b", "cab-c"])
        let (s, _) = try await service.session(.secretary, nil)
        let named = try await service.call("who.pool", ["practiceIds": ["cab-c", "cab-a", "cab-c"], "label": "x"], s)
        #expect(named["result"] == ["pool": ["cab-c", "cab-a"], "host": "cab-c", "label": "x"], "\(named)")
        #expect(try await service.call("who.pool", ["practiceIds": ["cab-b"]], s)["result"]?["pool"] == ["cab-b"])
        #expect(try await service.call("who.pool", ["practiceId": "cab-b"], s)["result"]?["pool"] == ["cab-b"])
        // Neither param: every practice the session may act for.
        #expect(try await service.call("who.pool", nil, s)["result"] == ["pool": ["cab-a", "cab-b", "cab-c"], "host": "cab-a"])
        // A practice-scoped method still wants its one practice.
        #expect(try await service.call("who.ami", nil, s)["error"]?["code"] == -32602)
    }

    @Test func aPoolOfOnePracticesTokenIsThatPractice() async throws {
        let service = try await Service(["cab-a", "cab-b"])
        let (s, _) = try await service.session(.staff, ["cab-b"])
        #expect(try await service.call("who.pool", nil, s)["result"] == ["pool": ["cab-b"], "host": "cab-b"])
        let r = try await service.call("who.pool", ["practiceIds": ["cab-b", "cab-a"]], s)
        #expect(r["error"]?["code"] == -32002 && r["error"]?["data"]?["field"] == "practiceIds[1]", "\(r)")
    }

    @Test(
        arguments: [
            // (params, expected code, field)
            (["practiceIds": []], -32602, "practiceIds"),
            (["practiceIds": "cab-a"], -32602, "practiceIds"),
            (["practiceIds": ["cab-a", 3]], -32602, "practiceIds[1]"),
            (["practiceIds": ["cab-a", "cab-z"]], -32004, "practiceIds[1]"),
            (["practiceIds": ["cab-a"], "practiceId": "cab-a"], -32602, "practiceIds"),
            (["practiceId": "cab-z"], -32004, "practiceId")
        ] as [(JSONValue, Int, String)])
    func aPoolThatCannotBeFormedSaysWhy(params: JSONValue, code: Int, field: String) async throws {
        let service = try await Service(["cab-a", "cab-b"])
        let (s, _) = try await service.session(.secretary, nil)
        let r = try await service.call("who.pool", params, s)
        #expect(r["error"]?["code"] == .number(String(code)), "\(r)")
        #expect(r["error"]?["data"]?["field"] == .string(field), "\(r)")
    }

    @Test func aSinglePracticeServerPoolsItsOnePractice() async throws {
        let service = try await Service(["cab-a"])
        let (s, _) = try await service.session(.secretary, nil)
        #expect(try await service.call("who.pool", nil, s)["result"] == ["pool": ["cab-a"], "host": "cab-a"])
        #expect(try await service.call("who.pool", ["practiceIds": ["cab-a"]], s)["result"]?["pool"] == ["cab-a"])
    }
}
