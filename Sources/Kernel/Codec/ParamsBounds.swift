import JSONRPC

/// The size limits of a method's params, checked on the parsed request before anything else
/// looks at them: before `Decodable` (a `PhoneNumber` normalises while it decodes), before any
/// folding or trimming, so that an oversized input costs no more than reading it once.
///
/// Two rules:
/// - every string and member name in params is at most `maximumStringBytes` of UTF-8, whatever
///   the method (a cheap check that holds even where a schema says nothing);
/// - `maxLength` (characters, counted as JSON Schema counts them: Unicode code points) and
///   `maxItems` declared in the method's params schema (`Schema.maxLength`, `Schema.maxItems`):
///   the published schema and the check are the same value, so they cannot drift.
///
/// A breach is -32602 naming the field by its path (`relatedPersons[2].name`).
struct ParamsBounds: Sendable {
    /// The longest string (or member name) accepted anywhere in params: 64 KiB of UTF-8.
    static let maximumStringBytes = 64 * 1024

    /// The bounded parts of a schema; parts without bounds are left out.
    indirect enum Node: Sendable {
        case string(maxLength: Int)
        case array(maxItems: Int?, items: Node?)
        case object(properties: [String: Node], additional: Node?)
        /// `anyOf` (a nullable field): a value is checked against the branches of its own kind.
        case anyOf([Node])
    }

    let root: Node?

    init(schema: Schema) { root = Self.node(schema.json) }

    /// Whether the schema declares any bound.
    var isEmpty: Bool { root == nil }

    static func node(_ json: JSONObject) -> Node? {
        if case .array(let branches)? = json["anyOf"] {
            let nodes = branches.compactMap { $0.objectValue.flatMap(node) }
            return nodes.isEmpty ? nil : Node.anyOf(nodes)
        }
        switch json["type"]?.stringValue {
        case "string":
            return json["maxLength"]?.intValue.map { Node.string(maxLength: $0) }
        case "array":
            let items = json["items"]?.objectValue.flatMap(node)
            let maxItems = json["maxItems"]?.intValue
            return items == nil && maxItems == nil ? nil : Node.array(maxItems: maxItems, items: items)
        case "object":
            var properties: [String: Node] = [:]
            if case .object(let props)? = json["properties"] {
                for (name, schema) in props { if let n = schema.objectValue.flatMap(node) { properties[name] = n } }
            }
            let additional = json["additionalProperties"]?.objectValue.flatMap(node)
            return properties.isEmpty && additional == nil ? nil : Node.object(properties: properties, additional: additional)
        default:
            return nil
        }
    }

    /// Throws -32602 when `params` (by name) breaks a declared bound.
    func check(_ params: JSONValue) throws(RPCError) {
        guard let root else { return }
        var path: [String] = []
        try Self.check(params, root, &path)
    }

    private static func check(_ value: JSONValue, _ node: Node, _ path: inout [String]) throws(RPCError) {
        switch (node, value) {
        case (.string(let max), .string(let s)):
            // A string has at least as many UTF-8 bytes as code points: most are decided without counting.
            if s.utf8.count > max, s.unicodeScalars.count > max {
                throw RPCError.invalidParams(field: field(path), "is longer than \(max) characters")
            }
        case (.array(let maxItems, let items), .array(let elements)):
            if let maxItems, elements.count > maxItems {
                throw RPCError.invalidParams(field: field(path), "has more than \(maxItems) items")
            }
            if let items {
                for (i, e) in elements.enumerated() {
                    path.append("[\(i)]")
                    try check(e, items, &path)
                    path.removeLast()
                }
            }
        case (.object(let properties, let additional), .object(let o)):
            for (key, member) in o {
                guard let n = properties[key] ?? additional else { continue }
                path.append(key)
                try check(member, n, &path)
                path.removeLast()
            }
        case (.anyOf(let branches), _):
            for b in branches { try check(value, b, &path) }
        default:
            // A value of another kind: decoding will say what is wrong with it.
            break
        }
    }

    /// Throws -32602 naming the first string or member name in `value` longer than `maximumStringBytes`.
    static func checkStringSizes(_ value: JSONValue) throws(RPCError) {
        var path: [String] = []
        try checkSizes(value, &path)
    }

    private static func checkSizes(_ value: JSONValue, _ path: inout [String]) throws(RPCError) {
        switch value {
        case .string(let s):
            if s.utf8.count > maximumStringBytes {
                throw RPCError.invalidParams(field: field(path), "is longer than \(maximumStringBytes) bytes, the limit of any string in params")
            }
        case .array(let elements):
            for (i, e) in elements.enumerated() where e.mayHoldStrings {
                path.append("[\(i)]")
                try checkSizes(e, &path)
                path.removeLast()
            }
        case .object(let o):
            for (key, member) in o {
                if key.utf8.count > maximumStringBytes {
                    throw RPCError.invalidParams(field: field(path), "has a member name longer than \(maximumStringBytes) bytes")
                }
                guard member.mayHoldStrings else { continue }
                path.append(key)
                try checkSizes(member, &path)
                path.removeLast()
            }
        default:
            break
        }
    }

    /// `caller.name`, `relatedPersons[2].phone` from path steps.
    static func field(_ path: [String]) -> String {
        var out = ""
        for step in path {
            if step.hasPrefix("[") { out += step } else { out += out.isEmpty ? step : "." + step }
        }
        return out.isEmpty ? "params" : out
    }
}

private extension JSONValue {
    var mayHoldStrings: Bool {
        switch self {
        case .string, .array, .object: true
        default: false
        }
    }
}
