import Foundation
import JSONRPC
import Kernel
import Testing

/// A method whose params schema declares bounds, and which counts how often it is decoded.
private struct Bounded: RPCMethod {
    struct Params: Decodable, Sendable {
        let name: String
        let tags: [String]?
        let note: String?
        let extra: JSONValue?
        let file: String?
    }
    static let name = "bounds.echo"
    static let summary = "Echoes name."
    static let role = Role.integration
    static let paramsSchema = Schema.object([
        required("name", .text(5)), optional("tags", .array(.text(3)).maxItems(2)), optional("note", .nullable(.text(4))),
        optional("extra", .any), optional("file", .text(100_000))
    ])
    static let resultSchema = Schema.string
    func handle(_ p: Params, context: RequestContext) async throws -> String { p.name }
}

/// Fails as broken code does: with an error that is not the protocol's, or a -32603 with details.
private struct Broken: RPCMethod {
    struct Params: Decodable, Sendable { let rpc: Bool? }
    struct Failure: Error, CustomStringConvertible { var description: String { "no such table: practice_secret" } }
    static let name = "bounds.broken"
    static let summary = "Fails."
    static let role = Role.integration
    static let paramsSchema = Schema.object([optional("rpc", .boolean)])
    static let resultSchema = Schema.null
    func handle(_ p: Params, context: RequestContext) async throws -> JSONValue {
        if p.rpc == true { throw RPCError.internalError("triage session ts_1 stands on node n7") }
        throw Failure()
    }
}

private struct BoundsPlugin: Plugin {
    let id = "bounds"
    let version = "1.0"
    let namespaces = ["bounds"]
    func methods(host: KernelHost) -> [AnyMethod] { [AnyMethod(Bounded()), AnyMethod(Broken())] }
}

/// Params bounds declared once in the schema and checked before decoding; internal errors shown as incidents.
@Suite struct ParamsBoundsTests {
    @Test(
        "a bound broken is -32602 naming the field",
        arguments: [
            (["name": "abcdef"], "name", "longer than 5 characters"),
            (["name": "ab", "tags": ["a", "b", "c"]], "tags", "more than 2 items"),
            (["name": "ab", "tags": ["a", "abcd"]], "tags[1]", "longer than 3 characters"),
            (["name": "ab", "note": "12345"], "note", "longer than 4 characters"),
            (["name": "ab", "extra": ["deep": [.string(String(repeating: "x", count: 70_000))]]], "extra.deep[0]", "65536 bytes")
        ] as [(JSONValue, String, String)])
    func boundsAreChecked(params: JSONValue, field: String, reason: String) async throws {
        let t = try await TestHost(plugins: [BoundsPlugin()])
        let r = try await t.call("bounds.echo", params, session: t.session())
        #expect(r["error"]?["code"] == -32602)
        #expect(r["error"]?["data"]?["field"] == .string(field))
        #expect(r["error"]?["data"]?["reason"]?.stringValue?.contains(reason) == true, "\(r)")
    }

    @Test func withinBoundsIsAccepted() async throws {
        let t = try await TestHost(plugins: [BoundsPlugin()])
        // Five characters of two code points' worth of bytes each: counted as characters, not bytes.
        let r = try await t.call("bounds.echo", ["name": "éèêëà", "tags": ["abc", "é"], "note": nil], session: t.session())
        #expect(r["result"] == "éèêëà")
        let positional = try await t.call("bounds.echo", ["abcdef"], session: t.session())
        #expect(positional["error"]?["data"]?["field"] == "name")
    }

    @Test func aDeclaredLengthOutranksTheGeneralLimit() async throws {
        let t = try await TestHost(plugins: [BoundsPlugin()])
        let long = JSONValue.string(String(repeating: "x", count: 70_000))
        let r = try await t.call("bounds.echo", ["name": "ab", "file": long], session: t.session())
        #expect(r["result"] == "ab")
        let refused = try await t.call("bounds.echo", ["name": "ab", "extra": long], session: t.session())
        #expect(refused["error"]?["data"]?["field"] == "extra")
    }

    @Test func aHugeUnknownMemberNameIsNotEchoed() async throws {
        let t = try await TestHost(plugins: [BoundsPlugin()])
        let key = String(repeating: "k", count: 100_000)
        let r = try await t.call("kernel.ping", .object(JSONObject([(key, .null)])), session: t.session())
        #expect(r["error"]?["code"] == -32602)
        #expect(r["error"]?["data"]?["field"] == "params")
        #expect(JSONWriter.string(r).utf8.count < 1000)
    }

    @Test func theSchemaPublishesTheBounds() async throws {
        let t = try await TestHost(plugins: [BoundsPlugin()])
        let doc = try await t.call("rpc.discover", session: t.session())
        let method = doc["result"]?["methods"]?.arrayValue?.first { $0["name"] == "bounds.echo" }
        let params = method?["params"]?.arrayValue ?? []
        #expect(params.first { $0["name"] == "name" }?["schema"]?["maxLength"] == 5)
        #expect(params.first { $0["name"] == "tags" }?["schema"]?["maxItems"] == 2)
    }

    @Test("an internal error shows an incident id, never its details", arguments: [false, true])
    func internalErrorsAreIncidents(rpc: Bool) async throws {
        let t = try await TestHost(plugins: [BoundsPlugin()])
        let r = try await t.call("bounds.broken", ["rpc": .bool(rpc)], session: t.session())
        #expect(r["error"]?["code"] == -32603)
        let incident = try #require(r["error"]?["data"]?["incident"]?.stringValue)
        #expect(incident.hasPrefix("err_") && incident.count == 20)
        let text = JSONWriter.string(r)
        #expect(!text.contains("practice_secret") && !text.contains("ts_1") && !text.contains("n7"))
    }

    @Test func incidentIdsDiffer() async throws {
        let t = try await TestHost(plugins: [BoundsPlugin()])
        let a = try await t.call("bounds.broken", session: t.session())
        let b = try await t.call("bounds.broken", session: t.session())
        #expect(a["error"]?["data"]?["incident"] != b["error"]?["data"]?["incident"])
    }
}
