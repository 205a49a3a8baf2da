import JSONRPC

/// A JSON Schema (draft 7 subset) for params and results, built with a small vocabulary.
///
/// Object schemas remember the order of their fields: that order is the order of by-position params.
public struct Schema: Sendable, Hashable {
    public var json: JSONObject
    /// For object schemas: the fields in declaration order.
    public var fields: [Field]

    public struct Field: Sendable, Hashable {
        public var name: String
        public var schema: Schema
        public var required: Bool
        /// By-position params all go into this (array) field: `sum(1, 2, 4)`.
        public var variadic = false
    }

    init(_ json: JSONObject, fields: [Field] = []) {
        self.json = json
        self.fields = fields
    }

    public var jsonValue: JSONValue { .object(json) }

    public func describing(_ text: String) -> Schema {
        var s = self
        s.json["description"] = .string(text)
        return s
    }

    /// The same string schema with at most `n` characters (Unicode code points, as JSON Schema
    /// counts them). Params are checked against it before they are decoded (`ParamsBounds`).
    public func maxLength(_ n: Int) -> Schema {
        var s = self
        s.json["maxLength"] = .int(n)
        return s
    }

    /// The same array schema with at most `n` items, checked before decoding like `maxLength`.
    public func maxItems(_ n: Int) -> Schema {
        var s = self
        s.json["maxItems"] = .int(n)
        return s
    }

    /// A string of at most `maxLength` characters.
    public static func text(_ maxLength: Int) -> Schema { Schema.string.maxLength(maxLength) }

    public static var string: Schema { Schema(["type": "string"]) }
    public static var integer: Schema { Schema(["type": "integer"]) }
    public static var number: Schema { Schema(["type": "number"]) }
    public static var boolean: Schema { Schema(["type": "boolean"]) }
    public static var null: Schema { Schema(["type": "null"]) }
    /// Any JSON value.
    public static var any: Schema { Schema([:]) }
    /// An RFC 3339 instant with offset.
    public static var instant: Schema { Schema(["type": "string", "format": "date-time"]) }
    /// A local date `YYYY-MM-DD`.
    public static var date: Schema { Schema(["type": "string", "format": "date"]) }
    /// A local time `HH:mm`.
    public static var localTime: Schema { Schema(["type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$"]) }
    public static func oneOf(_ values: [String]) -> Schema { Schema(["type": "string", "enum": .array(values.map { .string($0) })]) }
    public static func array(_ items: Schema) -> Schema { Schema(["type": "array", "items": items.jsonValue]) }
    /// A value matching any of `schemas`.
    public static func anyOf(_ schemas: [Schema]) -> Schema { Schema(["anyOf": .array(schemas.map(\.jsonValue))]) }
    public static func nullable(_ s: Schema) -> Schema { Schema(["anyOf": [s.jsonValue, ["type": "null"]]]) }
    /// A map from string keys to values of one schema.
    public static func map(_ values: Schema) -> Schema { Schema(["type": "object", "additionalProperties": values.jsonValue]) }

    public static func object(_ fields: [Field], additionalProperties: Bool = false) -> Schema {
        var props = JSONObject()
        for f in fields { props[f.name] = f.schema.jsonValue }
        var json: JSONObject = ["type": "object", "properties": .object(props)]
        let required = fields.filter(\.required).map { JSONValue.string($0.name) }
        if !required.isEmpty { json["required"] = .array(required) }
        if !additionalProperties { json["additionalProperties"] = false }
        return Schema(json, fields: fields)
    }

    public static var empty: Schema { .object([]) }
}

/// Builds a required object field: `.required("patientId", .string)`.
public func required(_ name: String, _ schema: Schema, _ description: String? = nil) -> Schema.Field {
    Schema.Field(name: name, schema: description.map { schema.describing($0) } ?? schema, required: true)
}

/// Builds the single array field that collects every by-position param.
public func variadic(_ name: String, _ items: Schema, _ description: String? = nil) -> Schema.Field {
    Schema.Field(name: name, schema: description.map { Schema.array(items).describing($0) } ?? .array(items), required: true, variadic: true)
}

/// Builds an optional object field.
public func optional(_ name: String, _ schema: Schema, _ description: String? = nil) -> Schema.Field {
    Schema.Field(name: name, schema: description.map { schema.describing($0) } ?? schema, required: false)
}
