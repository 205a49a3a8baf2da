import JSONRPC
import Kernel
import Testing

/// Every method `rpc.discover` lists takes the params its schema describes, and requires exactly
/// what the schema requires: a method added to any plugin is checked here without a line more.
@Suite struct ParamsContractTests {
    /// Values the schemas cannot say: what a member's content must look like to be decoded.
    static let hints: [String: JSONValue] = [:]
    /// The same, for one method's members.
    static let methodHints: [String: [String: JSONValue]] = [
        "escalation.raise": ["caller": "+33612345678"],
        "triage.start": ["caller": "+33612345678"],
        "calls.identify": ["dialled": "+33465710010", "caller": "+33612345678"],
        "notify.inboundSms": ["from": "+33612345678"],
        "notify.test": ["to": "+33612345678"],
        "oncall.override": ["from": "2026-05-04T08:00:00+02:00", "to": "2026-05-04T12:00:00+02:00"]
    ]

    /// The hints for `method`: its own over the common ones.
    static func hints(for method: String, _ common: [String: JSONValue] = hints) -> [String: JSONValue] {
        common.merging(methodHints[method] ?? [:]) { _, own in own }
    }

    @Test func everyDiscoveredMethodDecodesTheParamsItsSchemaDescribes() async throws {
        let contract = try await ContractHost()
        let discovered = try await contract.call("rpc.discover").get()
        let names = discovered["methods"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
        #expect(names.count > 80, "rpc.discover lists \(names.count) methods")
        var checked = 0
        for name in names {
            guard let method = contract.host.registry.method(named: name) else {
                Issue.record("\(name) is listed by rpc.discover but not registered")
                continue
            }
            let issues = ParamsContract.issues(method, hints: Self.hints(for: name))
            #expect(issues.isEmpty, "\(name):\n  \(issues.joined(separator: "\n  "))")
            checked += 1
        }
        #expect(checked == names.count)
        await contract.shutdown()
    }

    // MARK: The check fails when a schema and its Params disagree.

    struct ProbeParams: Decodable, Sendable {
        var name: String
        var count: Int
        var note: String?
    }

    /// A method whose params schema is given by `S`; never called.
    struct Probe<S: ProbeSchema>: RPCMethod {
        typealias Params = ProbeParams
        static var name: String { "probe.check" }
        static var summary: String { "Probe." }
        static var role: Role { .admin }
        static var paramsSchema: Schema { S.schema }
        static var resultSchema: Schema { .null }
        func handle(_ params: ProbeParams, context: RequestContext) async throws -> Bool { true }
    }

    enum Agreeing: ProbeSchema {
        static var schema: Schema { .object([required("name", .text(40)), required("count", .integer), optional("note", .string)]) }
    }
    enum MissingRequiredField: ProbeSchema {
        static var schema: Schema { .object([required("name", .text(40)), optional("note", .string)]) }
    }
    enum WrongType: ProbeSchema {
        static var schema: Schema { .object([required("name", .text(40)), required("count", .string), optional("note", .string)]) }
    }
    enum RequiredFieldCalledOptional: ProbeSchema {
        static var schema: Schema { .object([required("name", .text(40)), optional("count", .integer), optional("note", .string)]) }
    }
    enum OptionalFieldCalledRequired: ProbeSchema {
        static var schema: Schema { .object([required("name", .text(40)), required("count", .integer), required("note", .string)]) }
    }

    @Test func anAgreeingSchemaPasses() {
        #expect(ParamsContract.issues(AnyMethod(Probe<Agreeing>())) == [])
    }

    @Test func aSchemaMissingARequiredParamsFieldFails() {
        let issues = ParamsContract.issues(AnyMethod(Probe<MissingRequiredField>()))
        #expect(issues.contains { $0.contains("does not decode") && $0.contains("count") }, "\(issues)")
    }

    @Test func aSchemaWithAWrongTypeFails() {
        let issues = ParamsContract.issues(AnyMethod(Probe<WrongType>()))
        #expect(issues.contains { $0.contains("does not decode") && $0.contains("count") }, "\(issues)")
    }

    @Test func aRequiredParamsFieldTheSchemaCallsOptionalFails() {
        let issues = ParamsContract.issues(AnyMethod(Probe<RequiredFieldCalledOptional>()))
        #expect(issues.contains { $0.contains("only the required fields") && $0.contains("count") }, "\(issues)")
    }

    @Test func anOptionalParamsFieldTheSchemaRequiresFails() {
        let issues = ParamsContract.issues(AnyMethod(Probe<OptionalFieldCalledRequired>()))
        #expect(issues == ["note is required by the schema, but params without it decode"])
    }
}

protocol ProbeSchema { static var schema: Schema { get } }
