import JSONRPC

/// The size limits of a method's params, checked on the parsed request before anything else
/// looks at them: before `Decodable` (a `PhoneNumber` normalises while it decodes), before any
/// folding or trimming, so that an oversized input costs no more than reading it once.
///
/// One walk over the params applies two rules:
/// - `maxLength` (characters, counted as JSON Schema counts them: Unicode code points) and
///   `maxItems` declared in the method's params schema (`Schema.maxLength`, `Schema.maxItems`):
///   the published schema and the check are the same value, so they cannot drift;
/// - any other string, and every member name, is at most `maximumStringBytes` of UTF-8, whatever
///   the method (a string field that must hold more, a whole file to import, declares its own
///   `maxLength`).
///
/// A breach is -32602 naming the field by its path (`relatedPersons[2].name`).
struct ParamsBounds: Sendable {
    /// The longest string (or member name) accepted where the schema declares no `maxLength`: 64 KiB of UTF-8.
    static let maximumStringBytes = 64 * 1024

    /// The bounded parts of a schema; parts without bounds are left out.
    indirect enum Node: Sendable {
        case string(maxLength: Int)
        case array(maxItems: Int?, items: Node?)
        case object(properties: [String: Node], additional: Node?)
        /// `anyOf` (a nullable field): a value is checked against the first branch of its own kind.
        case anyOf([Node])

        /// The node that applies to `value`: this one when it is of the value's kind, else nil.
        func matching(_ value: JSONValue) -> Node? {
            switch (self, value) {
            case (.string, .string), (.array, .array), (.object, .object): return self
            case (.anyOf(let branches), _): return branches.lazy.compactMap { $0.matching(value) }.first
            default: return nil
            }
        }
    }

    let root: Node?

    init(schema: Schema) { root = Self.node(schema.json) }

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

    /// Throws -32602 when `params` (by name) breaks a bound.
    func check(_ params: JSONValue) throws(RPCError) {
        var path: [String] = []
        try Self.walk(params, root, &path)
    }

    private static func walk(_ value: JSONValue, _ declared: Node?, _ path: inout [String]) throws(RPCError) {
        let node = declared?.matching(value)
        switch value {
        case .string(let s):
            if case .string(let max)? = node {
                // A string has at least as many UTF-8 bytes as code points: most are decided without counting.
                if s.utf8.count > max, s.unicodeScalars.count > max {
                    throw RPCError.invalidParams(field: field(path), "is longer than \(max) characters")
                }
            } else if s.utf8.count > maximumStringBytes {
                throw RPCError.invalidParams(field: field(path), "is longer than \(maximumStringBytes) bytes, the limit of a string in params")
            }
        case .array(let elements):
            var items: Node? = nil
            if case .array(let maxItems, let i)? = node {
                if let maxItems, elements.count > maxItems {
                    throw RPCError.invalidParams(field: field(path), "has more than \(maxItems) items")
                }
                items = i
            }
            for (i, e) in elements.enumerated() where e.mayHoldStrings {
                path.append("[\(i)]")
                try walk(e, items, &path)
                path.removeLast()
            }
        case .object(let o):
            var properties: [String: Node] = [:]
            var additional: Node? = nil
            if case .object(let p, let a)? = node {
                properties = p
                additional = a
            }
            for (key, member) in o {
                if key.utf8.count > maximumStringBytes {
                    throw RPCError.invalidParams(field: field(path), "has a member name longer than \(maximumStringBytes) bytes")
                }
                guard member.mayHoldStrings else { continue }
                path.append(key)
                try walk(member, properties[key] ?? additional, &path)
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

extension JSONValue {
    fileprivate var mayHoldStrings: Bool {
        switch self {
        case .string, .array, .object: true
        default: false
        }
    }
}
