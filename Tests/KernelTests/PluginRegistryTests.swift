import JSONRPC
import Kernel
import Testing

/// Registration keeps every method name unique and inside its plugin's namespaces.
@Suite struct PluginRegistryTests {
    struct Ping: RPCMethod {
        static let name = "other.ping"
        static let summary = "test"
        static let role = Role.integration
        static let paramsSchema = Schema.empty
        static let resultSchema = Schema.string
        func handle(_ p: NoParams, context: RequestContext) async throws -> String { "x" }
    }
    struct Reserved: RPCMethod {
        static let name = "rpc.mine"
        static let summary = "test"
        static let role = Role.integration
        static let paramsSchema = Schema.empty
        static let resultSchema = Schema.string
        func handle(_ p: NoParams, context: RequestContext) async throws -> String { "x" }
    }

    @Test func rejectsNamesOutsideTheNamespace() throws {
        let r = PluginRegistry()
        #expect(throws: PluginRegistry.RegistrationError.self) {
            try r.register(pluginID: "agenda", version: "1", namespaces: ["agenda"], methods: [AnyMethod(Ping())])
        }
    }

    @Test func rejectsTheRPCPrefix() throws {
        let r = PluginRegistry()
        #expect(throws: PluginRegistry.RegistrationError.self) {
            try r.register(pluginID: "rpc", version: "1", namespaces: ["rpc"], methods: [AnyMethod(Reserved())])
        }
    }

    @Test func rejectsDuplicates() throws {
        let r = PluginRegistry()
        try r.register(pluginID: "a", version: "1", namespaces: ["other"], methods: [AnyMethod(Ping())])
        #expect(throws: PluginRegistry.RegistrationError.self) {
            try r.register(pluginID: "b", version: "1", namespaces: ["other"], methods: [AnyMethod(Ping())])
        }
        #expect(r.methods.map(\.name) == ["other.ping"])
    }
}
