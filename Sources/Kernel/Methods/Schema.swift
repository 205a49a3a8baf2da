import JSONRPC

/// A JSON Schema (draft 7 subset) for params and results, built with a small vocabulary.
///
/// Object schemas remember the order of their fields: that order is the order of by-position params.
package struct Schema: Sendable, Hashable {
    package var json: JSONObject
    /// For object schemas: the fields in declaration order.
    package var fields: [Field]

    package struct Field: Sendable, Hashable {
        package var name: String
        package var schema: Schema
        package var required: Bool
        /// By-position params all go into this (array) field: `sum(1, 2, 4)`.
        package var variadic = false
    }

    init(_ json: JSONObject, fields: [Field] = []) {
        self.json = json
        self.fields = fields
    }

    package var jsonValue: JSONValue { .object(json) }

    package func describing(_ text: String) -> Schema {
        var s = self
        s.json["description"] = .string(text)
        return s
    }

    /// The same string schema with at most `n` characters (Unicode code points, as JSON Schema
    /// counts them). Params are checked against it before they are decoded (`ParamsBounds`).
    package func maxLength(_ n: Int) -> Schema {
        var s = self
        s.json["maxLength"] = .int(n)
        return s
    }

    /// The same array schema with at most `n` items, checked before decoding like `maxLength`.
    package func maxItems(_ n: Int) -> Schema {
        var s = self
        s.json["maxItems"] = .int(n)
        return s
    }

    /// A string of at most `maxLength` characters.
    package static func text(_ maxLength: Int) -> Schema { Schema.string.maxLength(maxLength) }

    package static var string: Schema { Schema(["type": "string"]) }
    package static var integer: Schema { Schema(["type": "integer"]) }
    package static var number: Schema { Schema(["type": "number"]) }
    package static var boolean: Schema { Schema(["type": "boolean"]) }
    package static var null: Schema { Schema(["type": "null"]) }
    /// Any JSON value.
    package static var any: Schema { Schema([:]) }
    /// An RFC 3339 instant with offset.
    package static var instant: Schema { Schema(["type": "string", "format": "date-time"]) }
    /// A local date `YYYY-MM-DD`.
    package static var date: Schema { Schema(["type": "string", "format": "date"]) }
    /// A local time `HH:mm`.
    package static var localTime: Schema { Schema(["type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$"]) }
    package static func oneOf(_ values: [String]) -> Schema { Schema(["type": "string", "enum": .array(values.map { .string($0) })]) }
    package static func array(_ items: Schema) -> Schema { Schema(["type": "array", "items": items.jsonValue]) }
    /// A value matching any of `schemas`.
    package static func anyOf(_ schemas: [Schema]) -> Schema { Schema(["anyOf": .array(schemas.map(\.jsonValue))]) }
    package static func nullable(_ s: Schema) -> Schema { Schema(["anyOf": [s.jsonValue, ["type": "null"]]]) }
    /// A map from string keys to values of one schema.
    package static func map(_ values: Schema) -> Schema { Schema(["type": "object", "additionalProperties": values.jsonValue]) }

    package static func object(_ fields: [Field], additionalProperties: Bool = false) -> Schema {
        var props = JSONObject()
        for f in fields { props[f.name] = f.schema.jsonValue }
        var json: JSONObject = ["type": "object", "properties": .object(props)]
        let required = fields.filter(\.required).map { JSONValue.string($0.name) }
        if !required.isEmpty { json["required"] = .array(required) }
        if !additionalProperties { json["additionalProperties"] = false }
        return Schema(json, fields: fields)
    }

    package static var empty: Schema { .object([]) }
}

/// Builds a required object field: `.required("patientId", .string)`.
package func required(_ name: String, _ schema: Schema, _ description: String? = nil) -> Schema.Field {
    Schema.Field(name: name, schema: description.map { schema.describing($0) } ?? schema, required: true)
}

/// Builds the single array field that collects every by-position param.
package func variadic(_ name: String, _ items: Schema, _ description: String? = nil) -> Schema.Field {
    Schema.Field(name: name, schema: description.map { Schema.array(items).describing($0) } ?? .array(items), required: true, variadic: true)
}

/// Builds an optional object field.
package func optional(_ name: String, _ schema: Schema, _ description: String? = nil) -> Schema.Field {
    Schema.Field(name: name, schema: description.map { schema.describing($0) } ?? schema, required: false)
}
