import Foundation
import JSONRPC

/// Encodes an `Encodable` value straight to compact JSON bytes, with no intermediate tree.
///
/// It writes what Foundation's `JSONEncoder` would (keys in the order they are encoded rather than
/// in hash order; instants as RFC 3339 in the zone of `offsets`; whole doubles without `.0`), several times
/// faster. Containers are written as a stream: a container that is written to again after one of
/// its siblings started, or `superEncoder`, throws `Unsupported`, and `WireEncoder` then falls
/// back to `JSONEncoder`, so every `Encodable` still encodes.
package struct StreamingJSONEncoder {
    /// The value used the `Encoder` API in a way a stream cannot follow.
    package struct Unsupported: Error {}

    package let offsets: ZoneOffsets

    package func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let state = EncodingState(offsets: offsets)
        try state.encodeValue(value)
        state.finish()
        return state.out
    }
}

/// One open `{…}` or `[…]`.
package final class OpenContainer {
    package let isObject: Bool
    package var count = 0
    package var closed = false
    package init(isObject: Bool) { self.isObject = isObject }
}

/// The bytes written so far and the containers still open, innermost last.
package final class EncodingState {
    package var out: [UInt8] = []
    package var stack: [OpenContainer] = []
    package let offsets: ZoneOffsets
    /// The local date of the last instant written, reused by the next ones of that day.
    package var day = RFC3339.DayText()
    /// The value slot being filled: its identity, and whether something was written into it.
    package var slot = 0
    package var slotFilled = false
    /// The container most recently opened for a slot, so that asking that slot again returns it.
    package var owner: (Int, OpenContainer)?

    package init(offsets: ZoneOffsets) {
        self.offsets = offsets
        out.reserveCapacity(512)
    }

    /// Closes every container opened after `container`, which must still be open.
    package func reopen(_ container: OpenContainer) throws {
        guard !container.closed else { throw StreamingJSONEncoder.Unsupported() }
        while let last = stack.last, last !== container { close() }
    }

    package func close() {
        let c = stack.removeLast()
        c.closed = true
        out.append(c.isObject ? UInt8(ascii: "}") : UInt8(ascii: "]"))
    }

    package func finish() {
        while !stack.isEmpty { close() }
    }

    /// Starts a new value slot; returns its identity.
    package func openSlot() -> Int {
        slot &+= 1
        slotFilled = false
        return slot
    }

    /// Checks that `slot` is the slot being filled and has nothing yet, and marks it filled.
    package func claim(_ slot: Int) throws {
        guard slot == self.slot, !slotFilled else { throw StreamingJSONEncoder.Unsupported() }
        slotFilled = true
    }

    /// Opens a container as the value of the element just begun (`nestedContainer`).
    package func pushNested(isObject: Bool) -> OpenContainer {
        _ = openSlot()
        slotFilled = true
        return push(isObject: isObject)
    }

    package func push(isObject: Bool) -> OpenContainer {
        let c = OpenContainer(isObject: isObject)
        stack.append(c)
        out.append(isObject ? UInt8(ascii: "{") : UInt8(ascii: "["))
        return c
    }

    /// Writes a separator and, in an object, the key; the value follows.
    package func beginElement(in container: OpenContainer, key: String?) throws {
        try reopen(container)
        if container.count > 0 { out.append(UInt8(ascii: ",")) }
        container.count += 1
        if let key {
            JSONWriter.writeString(key, into: &out)
            out.append(UInt8(ascii: ":"))
        }
    }

    /// Encodes any value into a fresh slot: known leaf types directly, others through `encode(to:)`.
    package func encodeValue<T: Encodable>(_ value: T) throws {
        let slot = openSlot()
        if try writeLeaf(value) {
            slotFilled = true
            return
        }
        let depth = stack.count
        try value.encode(to: StreamEncoder(state: self, slot: slot))
        if slot == self.slot && !slotFilled && stack.count == depth {
            // Encoded nothing at all: JSONEncoder writes an empty object.
            slotFilled = true
            out.append(contentsOf: [UInt8(ascii: "{"), UInt8(ascii: "}")])
        }
    }

    /// Types JSONEncoder special-cases, and the common scalars; false when `value` is none of them.
    package func writeLeaf<T: Encodable>(_ value: T) throws -> Bool {
        // Exact type checks: no bridging between number types, no unwrapping of optionals.
        if T.self == String.self {
            JSONWriter.writeString(value as! String, into: &out)
        } else if T.self == Int.self {
            writeInteger(value as! Int)
        } else if T.self == Bool.self {
            writeBool(value as! Bool)
        } else if T.self == Double.self {
            try writeDouble(value as! Double)
        } else if T.self == Date.self {
            out.append(UInt8(ascii: "\""))
            RFC3339.write(value as! Date, in: offsets, into: &out, day: &day)
            out.append(UInt8(ascii: "\""))
        } else if T.self == JSONValue.self {
            JSONWriter.write(value as! JSONValue, into: &out)
        } else if T.self == URL.self {
            JSONWriter.writeString((value as! URL).absoluteString, into: &out)
        } else if T.self == Decimal.self {
            out.append(contentsOf: (value as! Decimal).description.utf8)
        } else if T.self == Data.self {
            JSONWriter.writeString((value as! Data).base64EncodedString(), into: &out)
        } else {
            return false
        }
        return true
    }

    package func writeInteger<I: BinaryInteger & CustomStringConvertible>(_ v: I) { out.append(contentsOf: v.description.utf8) }

    package func writeBool(_ v: Bool) {
        if v { out.append(contentsOf: [0x74, 0x72, 0x75, 0x65]) } else { out.append(contentsOf: [0x66, 0x61, 0x6C, 0x73, 0x65]) }
    }

    package func writeNull() { out.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C]) }

    package func writeDouble(_ v: Double) throws { try writeFloatingPoint(v) }
    package func writeFloat(_ v: Float) throws { try writeFloatingPoint(v) }

    /// Swift's shortest round-trip text, without a trailing `.0`, as `JSONEncoder` writes it.
    private func writeFloatingPoint<F: BinaryFloatingPoint & CustomStringConvertible>(_ v: F) throws {
        guard v.isFinite else {
            throw EncodingError.invalidValue(v, .init(codingPath: [], debugDescription: "\(v) is not representable in JSON"))
        }
        var text = v.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        out.append(contentsOf: text.utf8)
    }
}

/// The `Encoder` handed to `encode(to:)` for one value slot.
package struct StreamEncoder: Encoder {
    package let state: EncodingState
    package let slot: Int
    package var codingPath: [any CodingKey] { [] }
    package var userInfo: [CodingUserInfoKey: Any] { [:] }

    package func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(StreamKeyedContainer<Key>(state: state, container: open(isObject: true)))
    }

    package func unkeyedContainer() -> any UnkeyedEncodingContainer {
        StreamUnkeyedContainer(state: state, container: open(isObject: false))
    }

    package func singleValueContainer() -> any SingleValueEncodingContainer {
        StreamSingleValueContainer(state: state, slot: slot)
    }

    /// The container for this slot: a new one, or the same one when asked again (as JSONEncoder
    /// merges them). `nil` when the slot cannot take a container any more.
    private func open(isObject: Bool) -> OpenContainer? {
        if slot == state.slot && !state.slotFilled {
            state.slotFilled = true
            let c = state.push(isObject: isObject)
            state.owner = (slot, c)
            return c
        }
        if let (s, c) = state.owner, s == slot, c.isObject == isObject, !c.closed { return c }
        return nil
    }
}

package struct StreamKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    package let state: EncodingState
    /// `nil` when the encoder could not give a container: every write then throws `Unsupported`.
    package let container: OpenContainer?
    package var codingPath: [any CodingKey] { [] }

    private func integer<I: FixedWidthInteger>(_ value: I, _ key: Key) throws {
        try begin(key)
        state.writeInteger(value)
    }

    private func begin(_ key: Key) throws {
        guard let container else { throw StreamingJSONEncoder.Unsupported() }
        try state.beginElement(in: container, key: key.stringValue)
    }

    package mutating func encodeNil(forKey key: Key) throws {
        try begin(key)
        state.writeNull()
    }
    package mutating func encode(_ value: Bool, forKey key: Key) throws {
        try begin(key)
        state.writeBool(value)
    }
    package mutating func encode(_ value: String, forKey key: Key) throws {
        try begin(key)
        JSONWriter.writeString(value, into: &state.out)
    }
    package mutating func encode(_ value: Double, forKey key: Key) throws {
        try begin(key)
        try state.writeDouble(value)
    }
    package mutating func encode(_ value: Float, forKey key: Key) throws {
        try begin(key)
        try state.writeFloat(value)
    }
    package mutating func encode(_ value: Int, forKey key: Key) throws { try integer(value, key) }
    package mutating func encode(_ value: Int8, forKey key: Key) throws { try integer(value, key) }
    package mutating func encode(_ value: Int16, forKey key: Key) throws { try integer(value, key) }
    package mutating func encode(_ value: Int32, forKey key: Key) throws { try integer(value, key) }
    package mutating func encode(_ value: Int64, forKey key: Key) throws { try integer(value, key) }
    package mutating func encode(_ value: UInt, forKey key: Key) throws { try integer(value, key) }
    package mutating func encode(_ value: UInt8, forKey key: Key) throws { try integer(value, key) }
    package mutating func encode(_ value: UInt16, forKey key: Key) throws { try integer(value, key) }
    package mutating func encode(_ value: UInt32, forKey key: Key) throws { try integer(value, key) }
    package mutating func encode(_ value: UInt64, forKey key: Key) throws { try integer(value, key) }
    package mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try begin(key)
        try state.encodeValue(value)
    }

    /// A nested container; `nil` inside it (every write then throws) when this one cannot take it.
    private func nested(_ key: Key, isObject: Bool) -> OpenContainer? {
        (try? begin(key)).map { state.pushNested(isObject: isObject) }
    }

    package mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        KeyedEncodingContainer(StreamKeyedContainer<NestedKey>(state: state, container: nested(key, isObject: true)))
    }

    package mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        StreamUnkeyedContainer(state: state, container: nested(key, isObject: false))
    }

    package mutating func superEncoder() -> any Encoder { StreamEncoder(state: state, slot: -1) }
    package mutating func superEncoder(forKey key: Key) -> any Encoder { StreamEncoder(state: state, slot: -1) }
}

package struct StreamUnkeyedContainer: UnkeyedEncodingContainer, StreamValueWriter {
    package let state: EncodingState
    package let container: OpenContainer?
    package var codingPath: [any CodingKey] { [] }
    package var count: Int { container?.count ?? 0 }

    /// The next element of the array.
    package func beginValue() throws {
        guard let container else { throw StreamingJSONEncoder.Unsupported() }
        try state.beginElement(in: container, key: nil)
    }

    package func encodeComposite<T: Encodable>(_ value: T) throws {
        try beginValue()
        try state.encodeValue(value)
    }

    private func nested(isObject: Bool) -> OpenContainer? {
        (try? beginValue()).map { state.pushNested(isObject: isObject) }
    }

    package mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        KeyedEncodingContainer(StreamKeyedContainer<NestedKey>(state: state, container: nested(isObject: true)))
    }

    package mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        StreamUnkeyedContainer(state: state, container: nested(isObject: false))
    }

    package mutating func superEncoder() -> any Encoder { StreamEncoder(state: state, slot: -1) }
}

package struct StreamSingleValueContainer: SingleValueEncodingContainer, StreamValueWriter {
    package let state: EncodingState
    package let slot: Int
    package var codingPath: [any CodingKey] { [] }

    /// The one value of this slot.
    package func beginValue() throws { try state.claim(slot) }

    /// A nested value takes this slot's place: the slot is handed over rather than claimed.
    package func encodeComposite<T: Encodable>(_ value: T) throws {
        guard slot == state.slot, !state.slotFilled else { throw StreamingJSONEncoder.Unsupported() }
        try state.encodeValue(value)
    }
}
