package import Foundation
import JSONRPC

/// Encodes results and event payloads for the wire: instants as RFC 3339 in the practice's zone.
package struct WireEncoder: Sendable {
    package let timeZone: TimeZone
    /// The zone's UTC offsets, looked up once for every instant this encoder writes.
    private let offsets: ZoneOffsets

    package init(timeZone: TimeZone) {
        self.timeZone = timeZone
        offsets = ZoneOffsets.of(timeZone)
    }

    /// Values that write themselves first, then the streaming encoder (scalars included), then Foundation.
    package func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        if let writable = value as? any WireWritable {
            var writer = WireWriter(offsets: offsets)
            writable.write(to: &writer)
            return writer.bytes
        }
        if let bytes = try? StreamingJSONEncoder(offsets: offsets).encode(value) { return bytes }
        return try foundationEncode(value)
    }

    /// The reference path: Foundation's `JSONEncoder` (for values the streaming encoder cannot follow).
    package func foundationEncode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let encoder = JSONEncoder()
        let zone = timeZone
        encoder.dateEncodingStrategy = .custom { date, enc in
            var c = enc.singleValueContainer()
            try c.encode(RFC3339.format(date, in: zone))
        }
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }

    /// Encodes to a `JSONValue` (for events and tests).
    package func value<T: Encodable>(_ value: T) throws -> JSONValue {
        try JSONParser.parse(encode(value))
    }
}

extension JSONValue: Codable {
    package init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
            return
        }
        if let b = try? c.decode(Bool.self) {
            self = .bool(b)
            return
        }
        if let i = try? c.decode(Int64.self) {
            self = .number(String(i))
            return
        }
        if let d = try? c.decode(Double.self) {
            self = .double(d)
            return
        }
        if let s = try? c.decode(String.self) {
            self = .string(s)
            return
        }
        if let a = try? c.decode([JSONValue].self) {
            self = .array(a)
            return
        }
        let o = try c.decode([String: JSONValue].self)
        self = .object(JSONObject(o.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }))
    }

    package func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let b): try c.encode(b)
        case .number(let t):
            if let i = Int64(t) { try c.encode(i) } else { try c.encode(Double(t) ?? 0) }
        case .string(let s): try c.encode(s)
        case .array(let a): try c.encode(a)
        case .object(let o):
            var k = encoder.container(keyedBy: IndexKey.self)
            for (key, v) in o { try k.encode(v, forKey: IndexKey(stringValue: key)) }
        }
    }
}
