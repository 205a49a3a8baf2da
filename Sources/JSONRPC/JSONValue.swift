/// Any JSON value, as read from or written to the wire.
///
/// Numbers keep the exact text they were written with, so that an id such as `1.50` or
/// `12345678901234567890` is echoed byte for byte; `intValue` and `doubleValue` read them.
package enum JSONValue: Hashable, Sendable {
    case null
    case bool(Bool)
    /// A number, as its JSON text.
    case number(String)
    case string(String)
    case array([JSONValue])
    /// An object; `keys` keeps the order the members were written in.
    case object(JSONObject)

    package static func int(_ value: Int) -> JSONValue { .number(String(value)) }
    package static func double(_ value: Double) -> JSONValue {
        if value.isFinite, value == value.rounded(), abs(value) < 1e15 { return .number(String(Int64(value))) }
        return .number(value.isFinite ? "\(value)" : "null")
    }

    package var stringValue: String? { if case .string(let s) = self { return s } else { return nil } }
    package var boolValue: Bool? { if case .bool(let b) = self { return b } else { return nil } }
    package var intValue: Int? {
        guard case .number(let text) = self else { return nil }
        if let i = Int(text) { return i }
        if let d = Double(text), d == d.rounded(), abs(d) < 9.0e15 { return Int(d) }
        return nil
    }
    package var doubleValue: Double? { if case .number(let t) = self { return Double(t) } else { return nil } }
    package var arrayValue: [JSONValue]? { if case .array(let a) = self { return a } else { return nil } }
    package var objectValue: JSONObject? { if case .object(let o) = self { return o } else { return nil } }
    package var isNull: Bool { if case .null = self { return true } else { return false } }

    /// Member lookup on objects; `nil` for other values.
    package subscript(key: String) -> JSONValue? { objectValue?[key] }
}

/// A JSON object that remembers the order of its members (the last duplicate wins, in the place of
/// the first).
///
/// Members are held in order; most objects on the wire have a handful, where comparing names is
/// cheaper than hashing them, so a hashed index is only built past `indexedFrom` members.
package struct JSONObject: Hashable, Sendable, Sequence {
    private var members: [(key: String, value: JSONValue)] = []
    /// Position of each member by name, once the object has `indexedFrom` members or more.
    private var positions: [String: Int]?
    /// Member count from which lookups go through a hashed index.
    static let indexedFrom = 16

    package init() {}
    package init(_ pairs: [(String, JSONValue)]) {
        members.reserveCapacity(pairs.count)
        for (k, v) in pairs { self[k] = v }
    }

    /// Makes room for `n` members without growing again.
    package mutating func reserveCapacity(_ n: Int) { members.reserveCapacity(n) }

    /// Member names, in the order they were first written.
    package var keys: [String] { members.map(\.key) }

    private func position(of key: String) -> Int? {
        if let positions { return positions[key] }
        return members.firstIndex { $0.key == key }
    }

    package subscript(key: String) -> JSONValue? {
        get { position(of: key).map { members[$0].value } }
        set {
            if let newValue {
                if let i = position(of: key) {
                    members[i].value = newValue
                    return
                }
                members.append((key, newValue))
                if positions != nil {
                    positions![key] = members.count - 1
                } else if members.count >= Self.indexedFrom {
                    positions = Dictionary(members.enumerated().map { ($1.key, $0) }, uniquingKeysWith: { a, _ in a })
                }
            } else if let i = position(of: key) {
                members.remove(at: i)
                if positions != nil {
                    positions = Dictionary(members.enumerated().map { ($1.key, $0) }, uniquingKeysWith: { a, _ in a })
                }
            }
        }
    }
    package var count: Int { members.count }
    package var isEmpty: Bool { members.isEmpty }
    package func makeIterator() -> IndexingIterator<[(key: String, value: JSONValue)]> { members.makeIterator() }

    /// Equal when both have the same members, whatever their order.
    package static func == (a: JSONObject, b: JSONObject) -> Bool {
        guard a.members.count == b.members.count else { return false }
        return a.members.allSatisfy { b[$0.key] == $0.value }
    }
    package func hash(into hasher: inout Hasher) {
        // Order-independent, like `==`: a sum of each member's own hash.
        var sum = 0
        for m in members {
            var h = Hasher()
            h.combine(m.key)
            h.combine(m.value)
            sum &+= h.finalize()
        }
        hasher.combine(members.count)
        hasher.combine(sum)
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral, ExpressibleByFloatLiteral
{
    package init(stringLiteral value: String) { self = .string(value) }
    package init(integerLiteral value: Int) { self = .int(value) }
    package init(floatLiteral value: Double) { self = .double(value) }
    package init(booleanLiteral value: Bool) { self = .bool(value) }
    package init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    package init(dictionaryLiteral elements: (String, JSONValue)...) { self = .object(JSONObject(elements)) }
    package init(nilLiteral: ()) { self = .null }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    package init(dictionaryLiteral elements: (String, JSONValue)...) { self.init(elements) }
}
