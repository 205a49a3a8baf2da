import Foundation
import JSONRPC

/// What a method does to the practice's data; drives the audit trail.
public enum MethodEffect: String, Sendable {
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
public protocol RPCMethod: Sendable {
    associatedtype Params: Decodable & Sendable
    associatedtype Result: Encodable & Sendable
    static var name: String { get }
    static var summary: String { get }
    static var role: Role { get }
    static var effect: MethodEffect { get }
    static var paramsSchema: Schema { get }
    static var resultSchema: Schema { get }
    func handle(_ params: Params, context: RequestContext) async throws -> Result
}

extension RPCMethod {
    public static var effect: MethodEffect { .read }
}

/// Params for methods that take none: accepts absent params, `{}` and `[]`.
public struct NoParams: Decodable, Sendable {
    public init() {}
    public init(from decoder: any Decoder) throws {}
}

/// A method with its type erased, as the registry stores it.
public struct AnyMethod: Sendable {
    public let name: String
    public let summary: String
    public let role: Role
    public let effect: MethodEffect
    public let paramsSchema: Schema
    public let resultSchema: Schema
    /// Methods a TCP session may call before it has authenticated (`initialize`, `exit`).
    public let allowsUnauthenticated: Bool
    let invoke: @Sendable (JSONValue?, RequestContext) async throws -> [UInt8]

    public init<M: RPCMethod>(_ method: M, allowsUnauthenticated: Bool = false) {
        name = M.name
        summary = M.summary
        role = M.role
        effect = M.effect
        paramsSchema = M.paramsSchema
        resultSchema = M.resultSchema
        self.allowsUnauthenticated = allowsUnauthenticated
        let fields = M.paramsSchema.fields.map(\.name)
        let variadic = M.paramsSchema.fields.count == 1 && M.paramsSchema.fields[0].variadic
        invoke = { raw, context in
            let params: M.Params
            do {
                var raw = raw
                if variadic, case .array? = raw { raw = .array([raw!]) }
                params = try JSONValueDecoder().decode(M.Params.self, from: AnyMethod.byName(raw, fields: fields))
            } catch let error as DecodingError {
                throw FieldPath.invalidParams(error)
            }
            let result = try await method.handle(params, context: context)
            return try context.encoder.encode(result)
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
            let known = Set(fields)
            if !fields.isEmpty || !o.isEmpty, let unknown = o.keys.first(where: { !known.contains($0) }) {
                throw RPCError.invalidParams(field: unknown, "is not a parameter of this method")
            }
            return .object(o)
        case let other?:
            return other
        }
    }
}
