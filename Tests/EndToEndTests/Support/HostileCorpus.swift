import Foundation
import JSONRPC

/// Hostile lines made from real requests: every method `rpc.discover` lists gets a valid request
/// built from its params schema, then mutated from a fixed seed the way an outsider would attack
/// it: invalid UTF-8, deep nesting, 1 MB strings in every field, wrong types, duplicate keys,
/// numbers out of range, broken envelopes, truncated lines and batches.
struct HostileCorpus {
    /// One line to send (without its newline) and what it is, for failure messages.
    struct Line {
        let bytes: [UInt8]
        let label: String
        /// Known when the line was built as a well-formed request; otherwise read from its bytes.
        var known: Expected? = nil

        var expected: Expected { known ?? HostileCorpus.expected(for: bytes) }
    }

    /// What the specification requires in reply to a line.
    enum Expected: Equatable {
        case nothing
        /// One response carrying this id (null for a line that could not be read).
        case single(JSONValue)
        /// An array of responses carrying these ids, in any order.
        case batch([JSONValue])
    }

    struct Field {
        let name: String
        let schema: JSONValue
        let required: Bool
    }

    struct Method {
        let name: String
        let fields: [Field]
    }

    /// Bytes of a huge string: 500,000 "é", under the default 1 MiB line limit with its request.
    static let hugeString = String(repeating: "é", count: 500_000)
    /// Brackets of the deep-nesting attack.
    static let nestingDepth = 10_000

    let methods: [Method]
    private var random: SeededRandom
    private var nextID = 0

    /// The methods of an `rpc.discover` result, without those in `excluding`.
    init(discover: JSONValue, excluding: Set<String>, seed: UInt64) {
        methods = (discover["methods"]?.arrayValue ?? []).compactMap { m in
            guard let name = m["name"]?.stringValue, !excluding.contains(name) else { return nil }
            let fields = (m["params"]?.arrayValue ?? []).map {
                Field(name: $0["name"]?.stringValue ?? "", schema: $0["schema"] ?? .null, required: $0["required"] == .bool(true))
            }
            return Method(name: name, fields: fields)
        }
        random = SeededRandom(seed: seed)
    }

    /// The whole corpus. A 1 MB string goes into every field of every method over the transports
    /// together: the field's index modulo `shares` picks the transport that sends it (`share`).
    mutating func lines(share: Int, of shares: Int) -> [Line] {
        var out: [Line] = []
        var small: [Line] = []
        for method in methods {
            var mine: [Line] = []
            let params = validParams(method)
            mine.append(request(method.name, .object(params), label: "valid"))
            mine.append(request(method.name, .object(params), id: nil, label: "notification"))
            mine.append(request(method.name, .array(method.fields.map { params[$0.name] ?? .null }), label: "positional params"))
            mine.append(request(method.name, .object(JSONObject()), label: "empty params"))
            mine.append(request(method.name, .object(JSONObject(method.fields.map { ($0.name, JSONValue.null) })), label: "every field null"))
            var extra = params
            extra["zzUnknown"] = .int(1)
            mine.append(request(method.name, .object(extra), label: "unknown field"))
            // Each field gets a wrong type over one transport and a number out of range over the other;
            // each string field a 1 MB string over one and invalid UTF-8 over the other.
            for (i, field) in method.fields.enumerated() {
                let wrongType = wrongType(for: field.schema)
                let number = JSONValue.number(outOfRangeNumbers.randomElement(using: &random)!)
                var changed = params
                changed[field.name] = i % shares == share ? wrongType : number
                mine.append(request(method.name, .object(changed), label: "\(changed[field.name]!) in \(field.name)"))
            }
            for (i, path) in stringPaths(params).enumerated() {
                let invalid = invalidUTF8.randomElement(using: &random)!
                let name = path.joined(separator: ".")
                if i % shares == share {
                    mine.append(request(method.name, .object(replacing(path, in: params, with: .string(Self.hugeString))), label: "1 MB string in \(name)"))
                } else {
                    mine.append(withPlaceholder(method.name, params, path, label: "invalid UTF-8 in \(name)", raw: invalid, quoted: true))
                }
            }
            let target = method.fields.randomElement(using: &random)?.name ?? "zz"
            mine.append(
                withPlaceholder(
                    method.name, params, [target], label: "10,000 [ in \(target)",
                    raw: Array(String(repeating: "[", count: Self.nestingDepth).utf8)
                        + Array(String(repeating: "]", count: Self.nestingDepth).utf8), quoted: false))
            mine.append(
                withPlaceholder(
                    method.name, params, [target], label: "10,000 unclosed [ in \(target)",
                    raw: Array(String(repeating: "[", count: Self.nestingDepth).utf8), quoted: false))
            mine.append(duplicateKeys(method.name, params))
            mine.append(contentsOf: brokenEnvelopes(method.name, params))
            let valid = mine[0].bytes
            let cut = Int.random(in: 1..<valid.count, using: &random)
            mine.append(Line(bytes: Array(valid[..<cut]), label: "cut at byte \(cut)"))
            var flipped = valid
            let at = Int.random(in: 0..<valid.count, using: &random)
            flipped[at] = nonNewlineByte()
            mine.append(Line(bytes: flipped, label: "byte \(at) set to \(flipped[at])"))
            out += mine
            small += mine.filter { $0.bytes.count < 4096 }
        }
        // Batches of small lines (requests, notifications, junk), and odd batches.
        for n in 0..<40 {
            let count = Int.random(in: 1...8, using: &random)
            let members = (0..<count).map { _ in small.randomElement(using: &random)! }
            out.append(
                Line(
                    bytes: Array("[".utf8) + members.map(\.bytes).joined(separator: Array(",".utf8)) + Array("]".utf8),
                    label: "batch \(n): " + members.map(\.label).joined(separator: ", ")))
        }
        for odd in ["[]", "[1,2,3]", "[null]", "[[]]", "[{}]", #"[{"jsonrpc":"2.0","method":"kernel.ping","id":[1]}]"#] {
            out.append(Line(bytes: Array(odd.utf8), label: "batch \(odd)"))
        }
        out.shuffle(using: &random)
        return out
    }

    /// What the specification requires in reply to `bytes`, read with the protocol library
    /// (itself held to the specification's examples and fuzzed).
    static func expected(for bytes: [UInt8], maximumLineLength: Int = 1 << 20) -> Expected {
        if bytes.count > maximumLineLength { return .single(.null) }
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return .nothing }
        switch Incoming.parse(bytes) {
        case .parseError: return .single(.null)
        case .single(.invalid(let id, _)): return .single(id)
        case .single(.request(let r)): return r.id.map { .single($0) } ?? .nothing
        case .batch(let entries):
            let ids: [JSONValue] = entries.compactMap {
                switch $0 {
                case .invalid(let id, _): id
                case .request(let r): r.id
                }
            }
            return ids.isEmpty ? .nothing : .batch(ids)
        }
    }

    // MARK: - Building requests

    private let outOfRangeNumbers = [
        "1e400", "-1e400", "1e-400", "123456789012345678901234567890", "-9223372036854775809",
        "9223372036854775808", "-0", "0.5", "-1", "4294967296.000001", "2e9"
    ]
    /// Invalid UTF-8: a lone continuation byte, a truncated sequence, an overlong '/', an encoded
    /// surrogate, a byte never valid, a code point past U+10FFFF.
    private let invalidUTF8: [[UInt8]] = [
        [0x80], [0xC3], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xFF, 0xFE], [0xF4, 0x90, 0x80, 0x80],
        Array("ab".utf8) + [0xE2, 0x82] + Array("cd".utf8)
    ]

    private mutating func newID() -> JSONValue {
        nextID += 1
        // Ids of every permitted form; each distinct, so a reply is matched to its line.
        switch nextID % 4 {
        case 0: return .string("h\(nextID)")
        case 1: return .int(nextID)
        case 2: return .string("é\"\\\(nextID)")
        default: return .number("\(nextID).50")
        }
    }

    private mutating func request(_ method: String, _ params: JSONValue, id: JSONValue?? = .some(nil), label: String) -> Line {
        var o: JSONObject = ["jsonrpc": "2.0", "method": .string(method), "params": params]
        switch id {
        case .some(.some(let given)): o["id"] = given
        case .some(.none): o["id"] = newID()
        case .none: break
        }
        return Line(bytes: JSONWriter.bytes(.object(o)), label: "\(method): \(label)", known: o["id"].map { .single($0) } ?? .nothing)
    }

    /// A request whose value at `path` is replaced, after encoding, by raw bytes.
    private mutating func withPlaceholder(_ method: String, _ params: JSONObject, _ path: [String], label: String, raw: [UInt8], quoted: Bool) -> Line {
        let marker = "zzPLACEHOLDERzz"
        let line = request(method, .object(replacing(path, in: params, with: .string(marker))), label: label)
        let needle = Array((quoted ? marker : "\"\(marker)\"").utf8)
        guard let r = line.bytes.firstRange(of: needle) else { return line }
        var bytes = line.bytes
        bytes.replaceSubrange(r, with: raw)
        return Line(bytes: bytes, label: line.label) // expected: read from the bytes
    }

    /// The same member written twice, in params and in the envelope.
    private mutating func duplicateKeys(_ method: String, _ params: JSONObject) -> Line {
        let line = request(method, .object(params), label: "duplicate keys")
        var text = String(decoding: line.bytes, as: UTF8.self)
        let first = params.keys.first ?? "zz"
        text = text.replacingOccurrences(of: #""params":{"#, with: #""params":{"\#(first)":[{"a":1}],"\#(first)":true,"#)
        text = text.replacingOccurrences(of: #"{"jsonrpc":"2.0","#, with: #"{"jsonrpc":"1.0","method":7,"jsonrpc":"2.0","#)
        return Line(bytes: Array(text.utf8), label: line.label)
    }

    private mutating func brokenEnvelopes(_ method: String, _ params: JSONObject) -> [Line] {
        let p = JSONWriter.string(.object(params))
        let variants = [
            #"{"jsonrpc":"2.0","id":1,"method":"\#(method)","params":"\#(method)"}"#,
            #"{"jsonrpc":"2.0","id":{"a":1},"method":"\#(method)","params":\#(p)}"#,
            #"{"jsonrpc":2.0,"id":"env","method":"\#(method)","params":\#(p)}"#,
            #"{"jsonrpc":"2.0","id":"env2","method":["\#(method)"],"params":\#(p)}"#,
            #"{"jsonrpc":"2.0","id":"env3","method":"\#(method)\u0000","params":\#(p)}"#,
            #"{"jsonrpc":"2.0","id":"env4","method":"\#(method)","params":\#(p)}   garbage"#
        ]
        let chosen = variants.randomElement(using: &random)!
        return [Line(bytes: Array(chosen.utf8), label: "\(method): broken envelope")]
    }

    private mutating func nonNewlineByte() -> UInt8 {
        while true {
            let b = UInt8.random(in: 0...255, using: &random)
            if b != 0x0A && b != 0x0D { return b }
        }
    }

    // MARK: - Values from schemas

    private mutating func validParams(_ method: Method) -> JSONObject {
        var o = JSONObject()
        for f in method.fields { o[f.name] = value(for: f.schema, name: f.name) }
        return o
    }

    private mutating func value(for schema: JSONValue, name: String, depth: Int = 0) -> JSONValue {
        if let alternatives = schema["anyOf"]?.arrayValue, let first = alternatives.first(where: { $0["type"] != "null" }) {
            return value(for: first, name: name, depth: depth)
        }
        switch schema["type"]?.stringValue {
        case "string":
            if let options = schema["enum"]?.arrayValue, let pick = options.randomElement(using: &random) { return pick }
            switch schema["format"]?.stringValue {
            case "date": return "1984-02-29"
            case "date-time": return "2026-03-30T09:30:00+02:00"
            default: break
            }
            if schema["pattern"] != nil { return "09:30" }
            let lower = name.lowercased()
            if lower.contains("phone") || lower.contains("number") { return "06 12 34 56 78" }
            if lower.contains("email") { return "helene.lefevre@example.fr" }
            if lower.hasSuffix("id") { return "unknown-id" }
            return "Hélène Lefèvre"
        case "integer": return 1
        case "number": return 1.5
        case "boolean": return true
        case "null": return .null
        case "array":
            guard depth < 3 else { return [] }
            return [value(for: schema["items"] ?? .null, name: name, depth: depth + 1)]
        case "object":
            guard depth < 3 else { return .object(JSONObject()) }
            var o = JSONObject()
            if let properties = schema["properties"]?.objectValue {
                for (key, sub) in properties { o[key] = value(for: sub, name: key, depth: depth + 1) }
            } else if let values = schema["additionalProperties"], values.objectValue != nil {
                o["key"] = value(for: values, name: "key", depth: depth + 1)
            }
            return .object(o)
        default: return "x"
        }
    }

    private mutating func wrongType(for schema: JSONValue) -> JSONValue {
        let type = schema["type"]?.stringValue
        let candidates: [JSONValue] = [
            type == "string" ? .int(42) : "quarante-deux",
            type == "integer" || type == "number" ? "12" : .number("12"),
            type == "boolean" ? "true" : .bool(false),
            type == "array" ? ["a": 1] : [1, "deux", nil],
            type == "object" ? ["a", "b"] : ["a": ["b": nil]],
            .null
        ]
        return candidates.randomElement(using: &random)!
    }

    /// Paths of the string values of `params`, one level into objects and arrays.
    private func stringPaths(_ params: JSONObject) -> [[String]] {
        var paths: [[String]] = []
        for (key, value) in params {
            switch value {
            case .string: paths.append([key])
            case .object(let inner): for (k, v) in inner where v.stringValue != nil { paths.append([key, k]) }
            case .array(let items):
                if items.first?.stringValue != nil { paths.append([key, "0"]) }
                if let inner = items.first?.objectValue { for (k, v) in inner where v.stringValue != nil { paths.append([key, "0", k]) } }
            default: break
            }
        }
        return paths
    }

    /// `value` in place of what `path` leads to (a number component indexes an array).
    private func replacing(_ path: [String], in object: JSONObject, with value: JSONValue) -> JSONObject {
        var o = object
        o[path[0]] = replacing(Array(path.dropFirst()), in: object[path[0]] ?? .null, with: value)
        return o
    }

    private func replacing(_ path: [String], in current: JSONValue, with value: JSONValue) -> JSONValue {
        guard let head = path.first else { return value }
        switch current {
        case .object(let o): return .object(replacing(path, in: o, with: value))
        case .array(var items):
            if let i = Int(head), items.indices.contains(i) { items[i] = replacing(Array(path.dropFirst()), in: items[i], with: value) }
            return .array(items)
        default: return value
        }
    }
}
