import Foundation
import JSONRPC

/// Decodes `Decodable` values straight from a `JSONValue`, without re-serialising.
///
/// `Date` is read from RFC 3339 text. Errors are `DecodingError`s whose coding path names the field;
/// `FieldPath` turns them into `items[2].start`.
package struct JSONValueDecoder: Sendable {
    /// When true (configuration files), a string field also accepts a plain number or boolean scalar.
    package var lenientScalars: Bool

    /// When set (configuration files), records which members each decoded object was asked for, so
    /// that members nobody asked for can be reported as unknown keys (`KeyUsage.unknownKeys`).
    package var usage: KeyUsage?

    package init(lenientScalars: Bool = false, usage: KeyUsage? = nil) {
        self.lenientScalars = lenientScalars
        self.usage = usage
    }

    package func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        try ValueDecoder(value: value, codingPath: [], lenient: lenientScalars, usage: usage).decodeValue(T.self)
    }
}

/// A coding key for array positions and dynamic members.
struct IndexKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(stringValue: String) {
        self.stringValue = stringValue
        self.intValue = nil
    }
    init(intValue: Int) {
        self.stringValue = "\(intValue)"
        self.intValue = intValue
    }
}

private struct ValueDecoder: Decoder {
    let value: JSONValue
    let codingPath: [any CodingKey]
    var lenient = false
    var usage: KeyUsage? = nil
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let o) = value else {
            throw DecodingError.typeMismatch([String: Any].self, .init(codingPath: codingPath, debugDescription: "expected an object, found \(value.kindName)"))
        }
        let tracked = usage.map { usage in
            let path = KeyUsage.path(codingPath)
            usage.opened(path)
            return (usage: usage, path: path)
        }
        return KeyedDecodingContainer(Keyed<Key>(object: o, codingPath: codingPath, lenient: lenient, tracked: tracked))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let a) = value else {
            throw DecodingError.typeMismatch([Any].self, .init(codingPath: codingPath, debugDescription: "expected an array, found \(value.kindName)"))
        }
        return Unkeyed(elements: a, codingPath: codingPath, lenient: lenient, usage: usage)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { Single(value: value, codingPath: codingPath, lenient: lenient, usage: usage) }

    func decodeValue<T: Decodable>(_ type: T.Type) throws -> T {
        try Single(value: value, codingPath: codingPath, lenient: lenient, usage: usage).decode(T.self)
    }
}

extension JSONValue {
    var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

/// The last step of a coding path, kept apart until the path is asked for (an error, a nested
/// container): decoding a member or an element then builds no array and no key text.
private enum PathStep {
    case none
    case key(any CodingKey)
    case index(Int)
}

private struct Single: SingleValueDecodingContainer {
    let value: JSONValue
    /// The path of the container this value is in, and this value's step from it.
    let parentPath: [any CodingKey]
    let step: PathStep
    var lenient = false
    var usage: KeyUsage? = nil

    init(value: JSONValue, codingPath: [any CodingKey], lenient: Bool, usage: KeyUsage?) {
        self.init(value: value, parentPath: codingPath, step: .none, lenient: lenient, usage: usage)
    }

    init(value: JSONValue, parentPath: [any CodingKey], step: PathStep, lenient: Bool, usage: KeyUsage?) {
        self.value = value
        self.parentPath = parentPath
        self.step = step
        self.lenient = lenient
        self.usage = usage
    }

    var codingPath: [any CodingKey] {
        switch step {
        case .none: parentPath
        case .key(let key): parentPath + [key]
        case .index(let i): parentPath + [IndexKey(intValue: i)]
        }
    }

    func mismatch<T>(_ t: T.Type, _ expected: String) -> DecodingError {
        if case .null = value {
            return DecodingError.valueNotFound(t, .init(codingPath: codingPath, debugDescription: "expected \(expected), found null"))
        }
        return DecodingError.typeMismatch(t, .init(codingPath: codingPath, debugDescription: "expected \(expected), found \(value.kindName)"))
    }

    func decodeNil() -> Bool { value.isNull }
    func decode(_ type: Bool.Type) throws -> Bool {
        guard case .bool(let b) = value else { throw mismatch(type, "a boolean") }
        return b
    }
    func decode(_ type: String.Type) throws -> String {
        switch value {
        case .string(let s): return s
        case .number(let t) where lenient: return t
        case .bool(let b) where lenient: return b ? "true" : "false"
        default: throw mismatch(type, "a string")
        }
    }
    func decode(_ type: Double.Type) throws -> Double {
        guard let d = value.doubleValue else { throw mismatch(type, "a number") }
        return d
    }
    func decode(_ type: Float.Type) throws -> Float { Float(try decode(Double.self)) }
    func integer<I: FixedWidthInteger>(_ t: I.Type) throws -> I {
        guard case .number(let text) = value else { throw mismatch(t, "an integer") }
        if let i = I(text) { return i }
        if let d = Double(text), d == d.rounded(), let i = I(exactly: d) { return i }
        throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: "expected an integer, found \(text)"))
    }
    func decode(_ type: Int.Type) throws -> Int { try integer(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try integer(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try integer(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try integer(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try integer(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try integer(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(type) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        if T.self == Date.self {
            guard case .string(let s) = value else { throw mismatch(type, "an RFC 3339 instant") }
            guard let d = RFC3339.parse(s) else {
                throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: "expected an RFC 3339 instant with offset, found \"\(s)\""))
            }
            return d as! T
        }
        if T.self == JSONValue.self {
            // Taken whole: whatever is below is the type's business.
            usage?.accepted(KeyUsage.path(codingPath))
            return value as! T
        }
        if T.self == String.self { return try decode(String.self) as! T }
        if T.self == Int.self { return try decode(Int.self) as! T }
        if T.self == Double.self { return try decode(Double.self) as! T }
        if T.self == Bool.self { return try decode(Bool.self) as! T }
        return try T(from: ValueDecoder(value: value, codingPath: codingPath, lenient: lenient, usage: usage))
    }
}

private struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let object: JSONObject
    let codingPath: [any CodingKey]
    let lenient: Bool
    /// In strict mode, where to record the members asked for, and this object's path.
    let tracked: (usage: KeyUsage, path: String)?
    var usage: KeyUsage? { tracked?.usage }
    var allKeys: [Key] { object.keys.compactMap { Key(stringValue: $0) } }

    func ask(_ key: Key) { if let tracked { tracked.usage.asked(key.stringValue, in: tracked.path) } }

    func contains(_ key: Key) -> Bool {
        ask(key)
        return object[key.stringValue] != nil
    }

    func child(_ key: Key) throws -> Single {
        ask(key)
        guard let v = object[key.stringValue] else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath + [key], debugDescription: "is required"))
        }
        return Single(value: v, parentPath: codingPath, step: .key(key), lenient: lenient, usage: usage)
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        ask(key)
        return object[key.stringValue]?.isNull ?? true
    }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try child(key).decode(T.self) }
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        ask(key)
        guard let v = object[key.stringValue], !v.isNull else { return nil }
        return try Single(value: v, parentPath: codingPath, step: .key(key), lenient: lenient, usage: usage).decode(T.self)
    }
    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try ValueDecoder(value: try child(key).value, codingPath: codingPath + [key], lenient: lenient, usage: usage).container(keyedBy: type)
    }
    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try ValueDecoder(value: try child(key).value, codingPath: codingPath + [key], lenient: lenient, usage: usage).unkeyedContainer()
    }
    func superDecoder() throws -> any Decoder { ValueDecoder(value: .object(object), codingPath: codingPath, lenient: lenient, usage: usage) }
    func superDecoder(forKey key: Key) throws -> any Decoder {
        ask(key)
        return ValueDecoder(value: object[key.stringValue] ?? .null, codingPath: codingPath + [key], lenient: lenient, usage: usage)
    }
}

private struct Unkeyed: UnkeyedDecodingContainer {
    let elements: [JSONValue]
    let codingPath: [any CodingKey]
    let lenient: Bool
    let usage: KeyUsage?
    var currentIndex = 0
    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    mutating func next() throws -> Single {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(
                JSONValue.self, .init(codingPath: codingPath + [IndexKey(intValue: currentIndex)], debugDescription: "missing element"))
        }
        defer { currentIndex += 1 }
        return Single(value: elements[currentIndex], parentPath: codingPath, step: .index(currentIndex), lenient: lenient, usage: usage)
    }
    mutating func decodeNil() throws -> Bool {
        if !isAtEnd, elements[currentIndex].isNull {
            currentIndex += 1
            return true
        }
        return false
    }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next().decode(T.self) }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let n = try next()
        return try ValueDecoder(value: n.value, codingPath: n.codingPath, lenient: lenient, usage: usage).container(keyedBy: type)
    }
    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let n = try next()
        return try ValueDecoder(value: n.value, codingPath: n.codingPath, lenient: lenient, usage: usage).unkeyedContainer()
    }
    mutating func superDecoder() throws -> any Decoder {
        let n = try next()
        return ValueDecoder(value: n.value, codingPath: n.codingPath, lenient: lenient, usage: usage)
    }
}
