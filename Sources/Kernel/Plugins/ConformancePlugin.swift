import Foundation
import JSONRPC

/// The example methods of the JSON-RPC 2.0 specification (§7), plus a request that waits until
/// cancelled. Served by `permanence serve --conformance` so that any client, and our end-to-end
/// tests, can check the protocol layer against the specification's own examples.
package struct ConformancePlugin: Plugin {
    package init() {}
    package let id = "conformance"
    package let version = "1.0"
    package let namespaces = ["subtract", "sum", "get_data", "update", "notify_hello", "notify_sum", "conformance"]

    package func methods(host: KernelHost) -> [AnyMethod] {
        [
            AnyMethod(Subtract()), AnyMethod(Sum()), AnyMethod(GetData()), AnyMethod(Update()), AnyMethod(NotifyHello()),
            AnyMethod(NotifySum()), AnyMethod(Wait()), AnyMethod(Fail())
        ]
    }

    /// Fails as a broken method would, with details that must stay in the server's log.
    struct Fail: RPCMethod {
        struct Failure: Error, CustomStringConvertible {
            var description: String { "SQLite error 1: no such table: secret_internals - while executing `SELECT * FROM secret_internals`" }
        }
        static let name = "conformance.fail"
        static let summary = "Fails with an internal error: answers -32603 with an incident id that the server's log repeats with the details."
        static let role = Role.integration
        static let paramsSchema = Schema.empty
        static let resultSchema = Schema.null
        func handle(_ p: NoParams, context: RequestContext) async throws -> JSONValue { throw Failure() }
    }

    struct Subtract: RPCMethod {
        struct Params: Decodable, Sendable {
            let minuend: Double
            let subtrahend: Double
        }
        static let name = "subtract"
        static let summary = "minuend − subtrahend (specification example)."
        static let role = Role.integration
        static let paramsSchema = Schema.object([required("minuend", .number), required("subtrahend", .number)])
        static let resultSchema = Schema.number
        func handle(_ p: Params, context: RequestContext) async throws -> JSONValue { .double(p.minuend - p.subtrahend) }
    }

    struct Sum: RPCMethod {
        struct Params: Decodable, Sendable { let values: [Double] }
        static let name = "sum"
        static let summary = "The sum of the by-position params (specification example)."
        static let role = Role.integration
        static let paramsSchema = Schema.object([variadic("values", .number)])
        static let resultSchema = Schema.number
        func handle(_ p: Params, context: RequestContext) async throws -> JSONValue { .double(p.values.reduce(0, +)) }
    }

    struct NotifySum: RPCMethod {
        struct Params: Decodable, Sendable { let values: [Double] }
        static let name = "notify_sum"
        static let summary = "Like sum, sent as a notification (specification example)."
        static let role = Role.integration
        static let paramsSchema = Schema.object([variadic("values", .number)])
        static let resultSchema = Schema.number
        func handle(_ p: Params, context: RequestContext) async throws -> JSONValue { .double(p.values.reduce(0, +)) }
    }

    struct GetData: RPCMethod {
        static let name = "get_data"
        static let summary = "Returns [\"hello\", 5] (specification example)."
        static let role = Role.integration
        static let paramsSchema = Schema.empty
        static let resultSchema = Schema.array(.any)
        func handle(_ p: NoParams, context: RequestContext) async throws -> JSONValue { ["hello", 5] }
    }

    struct Update: RPCMethod {
        struct Params: Decodable, Sendable { let values: [JSONValue] }
        static let name = "update"
        static let summary = "Accepts any by-position params (specification example)."
        static let role = Role.integration
        static let paramsSchema = Schema.object([variadic("values", .any)])
        static let resultSchema = Schema.null
        func handle(_ p: Params, context: RequestContext) async throws -> JSONValue { .null }
    }

    struct NotifyHello: RPCMethod {
        struct Params: Decodable, Sendable { let value: JSONValue }
        static let name = "notify_hello"
        static let summary = "Accepts one param (specification example)."
        static let role = Role.integration
        static let paramsSchema = Schema.object([required("value", .any)])
        static let resultSchema = Schema.null
        func handle(_ p: Params, context: RequestContext) async throws -> JSONValue { .null }
    }

    /// Waits until the clock reaches `until` or the request is cancelled; answers the time it stopped.
    struct Wait: RPCMethod {
        struct Params: Decodable, Sendable { let until: Date? }
        static let name = "conformance.wait"
        static let summary = "Waits until the given instant (default: forever) or until cancelled by $/cancelRequest."
        static let role = Role.integration
        static let paramsSchema = Schema.object([optional("until", .instant)])
        static let resultSchema = Schema.instant
        func handle(_ p: Params, context: RequestContext) async throws -> Date {
            try await context.clock.sleep(until: p.until ?? .distantFuture)
            return context.now
        }
    }
}
