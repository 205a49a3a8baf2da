import JSONRPC
import Kernel

/// A valid value for a JSON Schema, as a client reading `rpc.discover` would write one: required
/// members with values of their types, formats, enums, bounds and patterns honoured.
///
/// `full` also fills optional members; `hints` give the value of members whose content the schema
/// cannot say (a phone number, an id that must exist), by member name.
struct SchemaExample {
    var full: Bool
    var hints: [String: JSONValue] = [:]
    /// Also fill optional members that have a hint (real ids, for calls that run).
    var fillHinted = false

    /// The example params object of `schema` (an object schema), in field order.
    func params(_ schema: Schema, leaving: String? = nil) throws -> JSONObject {
        var o = JSONObject()
        for field in schema.fields where (full || field.required || (fillHinted && hints[field.name] != nil)) && field.name != leaving {
            o[field.name] = try value(field.schema.jsonValue, name: field.name)
        }
        return o
    }

    struct NoExample: Error, CustomStringConvertible {
        let name: String
        let reason: String
        var description: String { "\(name): no example for \(reason)" }
    }

    func value(_ schema: JSONValue, name: String) throws -> JSONValue {
        if let hint = hints[name] { return hint }
        guard case .object(let s) = schema else { throw NoExample(name: name, reason: "a schema that is not an object") }
        if let values = s["enum"]?.arrayValue, let first = values.first { return first }
        if let alternatives = s["anyOf"]?.arrayValue {
            guard let some = alternatives.first(where: { $0["type"]?.stringValue != "null" }) else { return .null }
            return try value(some, name: name)
        }
        switch s["type"]?.stringValue {
        case "string"?: return try string(s, name: name)
        case "integer"?:
            let low = s["minimum"]?.intValue ?? s["exclusiveMinimum"].flatMap(\.intValue).map { $0 + 1 } ?? 1
            return .int(min(max(low, 1), s["maximum"]?.intValue ?? .max))
        case "number"?:
            let low = s["minimum"]?.doubleValue ?? 0
            let high = s["maximum"]?.doubleValue ?? .infinity
            return .double(min(max(low, 1), high))
        case "boolean"?: return .bool(true)
        case "null"?: return .null
        case "array"?:
            guard let items = s["items"] else { return .array([]) }
            return .array([try value(items, name: Self.singular(name))])
        case "object"?:
            var o = JSONObject()
            let required = Set((s["required"]?.arrayValue ?? []).compactMap(\.stringValue))
            for key in s["properties"]?.objectValue?.keys ?? [] where full || required.contains(key) {
                o[key] = try value(s["properties"]![key]!, name: key)
            }
            return .object(o)
        case nil:
            // No type: any value (`{}`, or a description alone).
            return .string("x")
        default:
            throw NoExample(name: name, reason: "type \(s["type"].map(JSONWriter.string) ?? "none")")
        }
    }

    private func string(_ s: JSONObject, name: String) throws -> JSONValue {
        switch s["format"]?.stringValue {
        case "date-time"?: return "2026-03-30T08:00:00+02:00"
        case "date"?: return "2026-03-30"
        case nil: break
        case let other?: throw NoExample(name: name, reason: "format \(other)")
        }
        if let pattern = s["pattern"]?.stringValue {
            guard let example = Self.patterns[pattern] else { throw NoExample(name: name, reason: "pattern \(pattern)") }
            return .string(example)
        }
        let text = Self.byName(name)
        return .string(String(text.prefix(s["maxLength"]?.intValue ?? .max)))
    }

    /// Examples of the patterns the schemas use.
    static let patterns = ["^[0-2][0-9]:[0-5][0-9]$": "09:30"]

    /// A string whose content a decoder may check, by the member's name; any text otherwise.
    static func byName(_ name: String) -> String {
        let lower = name.lowercased()
        if lower.contains("phone") || lower.hasSuffix("number") { return "+33612345678" }
        if lower.contains("email") { return "anne@example.org" }
        if lower.contains("url") { return "https://example.org/hook" }
        return "x"
    }

    /// `items` → `item`: array items get the name of one element, for `byName`.
    static func singular(_ name: String) -> String { name.hasSuffix("s") ? String(name.dropLast()) : name }
}
