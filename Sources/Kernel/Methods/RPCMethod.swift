import Foundation
package import JSONRPC

/// What a method does to the practice's data; drives the audit trail.
package enum MethodEffect: String, Sendable {
    /// Reads nothing sensitive.
    case read
    /// Reads personal data (a patient's history): audited.
    case sensitiveRead
    /// Changes something: audited.
    case write
}

/// One JSON-RPC method with typed params and result.
///
/// The kernel dispatches by `name`, decodes `Params` from by-name or by-position params through one
/// path (positions follow the order of `paramsSchema`'s fields), maps decoding errors to -32602 with
/// the field path, checks `role`, audits writes, and lists the method in `rpc.discover`.
package protocol RPCMethod: Sendable {
    associatedtype Params: Decodable & Sendable
    associatedtype Result: Encodable & Sendable
    static var name: String { get }
    static var summary: String { get }
    static var role: Role { get }
    static var effect: MethodEffect { get }
    static var paramsSchema: Schema { get }
    static var resultSchema: Schema { get }
    /// Whom the method acts for (default: one practice; see `MethodScope`).
    static var scope: MethodScope { get }
    func handle(_ params: Params, context: RequestContext) async throws -> Result
}

extension RPCMethod {
    package static var effect: MethodEffect { .read }
    package static var scope: MethodScope { .practice }
}

/// A method whose work is short and bounded and never waits on another request (memory, and at
/// most a few indexed reads through `Store.peek`; no network, no write, no lock held for long): a
/// transport may answer it on the thread that read the request, without a task of its own, saving
/// two thread hops. Only `read` and `sensitiveRead` methods are run inline (the latter's audit row
/// is written behind the reply, as in a task); `handle` is derived from `handleInline`.
package protocol InlineRPCMethod: RPCMethod {
    func handleInline(_ params: Params, context: RequestContext) throws -> Result
    /// Whether this call is small enough to answer inline; when false it runs in a task like any
    /// other method. True by default.
    func runsInline(_ params: Params) -> Bool
}

extension InlineRPCMethod {
    package func runsInline(_ params: Params) -> Bool { true }
}

extension InlineRPCMethod {
    /// On SQLite, the inline work as it is; on a database server, on one of its threads: the reads
    /// it makes wait for the network, which must not hold a thread of the task pool.
    package func handle(_ params: Params, context: RequestContext) async throws -> Result {
        guard let server = context.store.server else { return try handleInline(params, context: context) }
        return try await server.runOnServerThread { try self.handleInline(params, context: context) }
    }
}

/// Params for methods that take none: accepts absent params, `{}` and `[]`.
package struct NoParams: Decodable, Sendable {
    package init() {}
    package init(from decoder: any Decoder) throws {}
}

/// A method with its type erased, as the registry stores it.
package struct AnyMethod: Sendable {
    package let name: String
    package let summary: String
    package let role: Role
    package let effect: MethodEffect
    package let paramsSchema: Schema
    package let resultSchema: Schema
    /// Whom it acts for; the kernel's own methods are always `.service` (see `PluginRegistry`).
    package internal(set) var scope: MethodScope
    /// Methods a TCP session may call before it has authenticated (`initialize`, `exit`).
    package let allowsUnauthenticated: Bool
    let invoke: @Sendable (JSONValue?, RequestContext) async throws -> [UInt8]
    private let decodeOnly: @Sendable (JSONValue?) throws -> Void
    /// Set for an `InlineRPCMethod` that only reads: the same work, synchronously; nil when the
    /// method declines this call (`runsInline`).
    let invokeInline: (@Sendable (JSONValue?, RequestContext) throws -> [UInt8]?)?

    package init<M: RPCMethod>(_ method: M, allowsUnauthenticated: Bool = false) {
        name = M.name
        summary = M.summary
        role = M.role
        effect = M.effect
        paramsSchema = M.paramsSchema
        resultSchema = M.resultSchema
        scope = M.scope
        self.allowsUnauthenticated = allowsUnauthenticated
        let decode = AnyMethod.decoder(for: M.self)
        decodeOnly = { raw in _ = try decode(raw) }
        invoke = { raw, context in
            let result = try await method.handle(try decode(raw), context: context)
            return try context.encoder.encode(result)
        }
        if M.effect == .read || M.effect == .sensitiveRead, let inline = method as? any InlineRPCMethod {
            invokeInline = AnyMethod.inlineInvoker(inline)
        } else {
            invokeInline = nil
        }
    }

    /// Decodes `raw` into the method's `Params` exactly as a call would (by position or by name,
    /// bounds, then decoding), without running the method: a contract test checks `paramsSchema`
    /// against `Params` with it. Throws what a call would answer (`RPCError`, -32602 naming the field).
    package func decodeParams(_ raw: JSONValue?) throws {
        try decodeOnly(scope == .service ? raw : PracticeHosts.withoutPracticeId(raw, scope: scope))
    }

    private static func inlineInvoker<M: InlineRPCMethod>(_ method: M) -> @Sendable (JSONValue?, RequestContext) throws -> [UInt8]? {
        let decode = decoder(for: M.self)
        return { raw, context in
            let params = try decode(raw)
            guard method.runsInline(params) else { return nil }
            return try context.encoder.encode(try method.handleInline(params, context: context))
        }
    }

    /// Decodes `M.Params` from by-name or by-position params; decoding errors become -32602 with the field path.
    private static func decoder<M: RPCMethod>(for: M.Type) -> @Sendable (JSONValue?) throws -> M.Params {
        let fields = M.paramsSchema.fields.map(\.name)
        let variadic = M.paramsSchema.fields.count == 1 && M.paramsSchema.fields[0].variadic
        if M.Params.self == NoParams.self {
            return { raw in
                _ = try AnyMethod.byName(raw, fields: fields)
                return NoParams() as! M.Params
            }
        }
        let readable = M.Params.self as? any ReadableParams.Type
        let bounds = ParamsBounds(schema: M.paramsSchema)
        return { raw in
            do {
                var raw = raw
                if variadic, case .array? = raw { raw = .array([raw!]) }
                let named = try AnyMethod.byName(raw, fields: fields)
                // Sizes before anything reads the values (`ParamsBounds`).
                try bounds.check(named)
                // Read directly when the method's params allow it and are well formed; otherwise
                // `Decodable` decodes them and says what is wrong.
                if let readable, case .object(let o) = named, let params = try? readable.init(reading: ParamsReader(o)) {
                    return params as! M.Params
                }
                return try JSONValueDecoder().decode(M.Params.self, from: named)
            } catch let error as DecodingError {
                throw FieldPath.invalidParams(error)
            }
        }
    }

    /// By-position params become by-name params using the schema's field order: one decoding path.
    static func byName(_ raw: JSONValue?, fields: [String]) throws -> JSONValue {
        switch raw {
        case nil, .null?: return .object(JSONObject())
        case .array(let items)?:
            guard items.count <= fields.count else {
                throw RPCError.invalidParams(field: "params", "expected at most \(fields.count) positional params, got \(items.count)")
            }
            var o = JSONObject()
            for (i, v) in items.enumerated() { o[fields[i]] = v }
            return .object(o)
        case .object(let o)?:
            // A method has a handful of params: a linear look-up beats building a set per request.
            if !fields.isEmpty || !o.isEmpty, let unknown = o.keys.first(where: { !fields.contains($0) }) {
                // The name is echoed in the error: a huge one is not.
                guard unknown.utf8.count <= 256 else {
                    throw RPCError.invalidParams(
                        field: "params", "has a member that is not a parameter of this method, with a name of \(unknown.utf8.count) bytes")
                }
                throw RPCError.invalidParams(field: unknown, "is not a parameter of this method")
            }
            return .object(o)
        case let other?:
            return other
        }
    }
}
