package import Foundation
import JSONRPC

/// A result that writes its own JSON, for values sent so often (free slots, appointments) that
/// the generic `Encodable` path shows in profiles.
///
/// What it writes must be what `JSONEncoder` writes for the same value, up to key order: a test
/// per conforming type compares the two. `WireEncoder` uses it for the value, arrays and optionals of it.
package protocol WireWritable: Encodable {
    func write(to writer: inout WireWriter)
    /// Writes `items` as a JSON array. A type whose consecutive items share members (every free
    /// slot of one practitioner) may write those once and copy them (`WireWriter.members`).
    static func writeList(_ items: [Self], to writer: inout WireWriter)
}

extension WireWritable {
    package static func writeList(_ items: [Self], to writer: inout WireWriter) { writer.array(items) }
}

extension Array: WireWritable where Element: WireWritable {
    package func write(to writer: inout WireWriter) { Element.writeList(self, to: &writer) }
}

extension Optional: WireWritable where Wrapped: WireWritable {
    package func write(to writer: inout WireWriter) {
        if let self { self.write(to: &writer) } else { writer.null() }
    }
}

/// Appends JSON to a byte buffer: objects, arrays and fields; instants as RFC 3339 in the encoder's zone.
///
/// The buffer is its own memory, written through a pointer: replies of a few hundred objects are
/// written without the checks an array makes on every byte appended.
package struct WireWriter: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private var count = 0
    private var capacity: Int
    private let offsets: ZoneOffsets
    /// Whether the object or array being written has no member yet.
    private var first = true
    /// The local date of the last instant written, reused by the next ones of that day.
    private var day = RFC3339.DayText()

    package init(offsets: ZoneOffsets, capacity: Int = 1024) {
        self.offsets = offsets
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// The JSON written so far.
    package var bytes: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

    /// Makes room for `n` more bytes.
    @inline(__always) private mutating func reserve(_ n: Int) {
        if count + n > capacity { grow(to: count + n) }
    }

    private mutating func grow(to needed: Int) {
        let larger = max(needed, capacity * 2)
        let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
        moved.initialize(from: base, count: count)
        base.deallocate()
        base = moved
        capacity = larger
    }

    @inline(__always) private mutating func put(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    private mutating func put(_ buffer: UnsafeBufferPointer<UInt8>) {
        guard let source = buffer.baseAddress, !buffer.isEmpty else { return }
        reserve(buffer.count)
        (base + count).initialize(from: source, count: buffer.count)
        count += buffer.count
    }

    package mutating func object(_ body: (inout WireWriter) -> Void) {
        put(UInt8(ascii: "{"))
        let outer = first
        first = true
        body(&self)
        first = outer
        put(UInt8(ascii: "}"))
    }

    package mutating func array<Item: WireWritable>(_ items: [Item]) {
        array(count: items.count) { w, index in items[index].write(to: &w) }
    }

    /// Writes a JSON array of `count` items, the item at each index written by `item`.
    package mutating func array(count: Int, _ item: (inout WireWriter, Int) -> Void) {
        // Grow once rather than by doubling through a large reply (written items are objects of a few hundred bytes).
        reserve(count * 256 + 2)
        put(UInt8(ascii: "["))
        for index in 0..<count {
            if index > 0 { put(UInt8(ascii: ",")) }
            item(&self, index)
        }
        put(UInt8(ascii: "]"))
    }

    /// Members written once, to start many objects with (see `object(leading:_:)`).
    package struct Members {
        fileprivate let bytes: [UInt8]
    }

    /// Writes the members `body` writes aside, rather than here.
    package func members(_ body: (inout WireWriter) -> Void) -> Members {
        var aside = WireWriter(offsets: offsets, capacity: 256)
        body(&aside)
        return Members(bytes: aside.bytes)
    }

    /// Writes an object that starts with `leading`'s members, then those `body` writes.
    package mutating func object(leading: Members, _ body: (inout WireWriter) -> Void) {
        put(UInt8(ascii: "{"))
        leading.bytes.withUnsafeBufferPointer { put($0) }
        let outer = first
        first = leading.bytes.isEmpty
        body(&self)
        first = outer
        put(UInt8(ascii: "}"))
    }

    package mutating func null() { ascii("null") }

    /// Appends ASCII text known at compile time.
    private mutating func ascii(_ text: StaticString) {
        put(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Writes `"name":`; `name` is a plain ASCII identifier (never escaped).
    private mutating func key(_ name: StaticString) {
        let n = name.utf8CodeUnitCount
        reserve(n + 4)
        if !first {
            base[count] = UInt8(ascii: ",")
            count += 1
        }
        first = false
        base[count] = UInt8(ascii: "\"")
        (base + count + 1).initialize(from: name.utf8Start, count: n)
        base[count + n + 1] = UInt8(ascii: "\"")
        base[count + n + 2] = UInt8(ascii: ":")
        count += n + 3
    }

    package mutating func field(_ name: StaticString, _ value: String) {
        key(name)
        var utf8Value = value
        utf8Value.withUTF8 { utf8 in
            // Most strings need no escaping: copied in one go.
            if JSONWriter.isPlain(utf8) {
                put(UInt8(ascii: "\""))
                put(utf8)
                put(UInt8(ascii: "\""))
            } else {
                var escaped: [UInt8] = []
                JSONWriter.writeString(value, into: &escaped)
                escaped.withUnsafeBufferPointer { put($0) }
            }
        }
    }

    package mutating func field(_ name: StaticString, _ value: Int) {
        key(name)
        guard value >= 0 && value < 10 else {
            var text = String(value)
            text.withUTF8 { put($0) }
            return
        }
        put(UInt8(48 + value))
    }

    /// Writes a member whose value writes itself (an object, or an array of them).
    package mutating func field<Value: WireWritable>(_ name: StaticString, _ value: Value) {
        key(name)
        value.write(to: &self)
    }

    package mutating func field(_ name: StaticString, _ value: Bool) {
        key(name)
        if value { ascii("true") } else { ascii("false") }
    }

    package mutating func field(_ name: StaticString, _ value: Date) {
        key(name)
        reserve(RFC3339.maximumLength + 2)
        base[count] = UInt8(ascii: "\"")
        if let n = RFC3339.write(value, in: offsets, to: base + count + 1, day: &day) {
            count += n + 1
        } else {
            count += 1
            var text: [UInt8] = []
            RFC3339.write(value, in: offsets, into: &text)
            text.withUnsafeBufferPointer { put($0) }
        }
        put(UInt8(ascii: "\""))
    }
}
