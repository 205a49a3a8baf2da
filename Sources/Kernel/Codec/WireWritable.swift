import Foundation
import JSONRPC

/// A result that writes its own JSON, for values sent so often (free slots, appointments) that
/// the generic `Encodable` path shows in profiles.
///
/// What it writes must be what `JSONEncoder` writes for the same value, up to key order: a test
/// per conforming type compares the two. `WireEncoder` uses it for the value, arrays and optionals of it.
public protocol WireWritable: Encodable {
    func write(to writer: inout WireWriter)
}

extension Array: WireWritable where Element: WireWritable {
    public func write(to writer: inout WireWriter) { writer.array(self) }
}

extension Optional: WireWritable where Wrapped: WireWritable {
    public func write(to writer: inout WireWriter) {
        if let self { self.write(to: &writer) } else { writer.null() }
    }
}

/// Appends JSON to a byte buffer: objects, arrays and fields; instants as RFC 3339 in the encoder's zone.
public struct WireWriter {
    public private(set) var bytes: [UInt8] = []
    private let offsets: ZoneOffsets
    /// Whether the object or array being written has no member yet.
    private var first = true

    init(offsets: ZoneOffsets) {
        self.offsets = offsets
        bytes.reserveCapacity(1024)
    }

    public mutating func object(_ body: (inout WireWriter) -> Void) {
        bytes.append(UInt8(ascii: "{"))
        let outer = first
        first = true
        body(&self)
        first = outer
        bytes.append(UInt8(ascii: "}"))
    }

    public mutating func array<S: Sequence>(_ items: S) where S.Element: WireWritable {
        bytes.append(UInt8(ascii: "["))
        // Grow once rather than by doubling through a large reply (written items are objects of a few hundred bytes).
        bytes.reserveCapacity(bytes.count + items.underestimatedCount * 256)
        var firstItem = true
        for item in items {
            if !firstItem { bytes.append(UInt8(ascii: ",")) }
            firstItem = false
            item.write(to: &self)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    public mutating func null() { ascii("null") }

    /// Appends ASCII text known at compile time (no array is built for it).
    private mutating func ascii(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Writes `"name":`; `name` is a plain ASCII identifier (never escaped).
    private mutating func key(_ name: StaticString) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        first = false
        bytes.append(UInt8(ascii: "\""))
        ascii(name)
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    public mutating func field(_ name: StaticString, _ value: String) {
        key(name)
        JSONWriter.writeString(value, into: &bytes)
    }

    public mutating func field(_ name: StaticString, _ value: Int) {
        key(name)
        guard value >= 0 && value < 10 else { bytes.append(contentsOf: String(value).utf8); return }
        bytes.append(UInt8(48 + value))
    }

    public mutating func field(_ name: StaticString, _ value: Bool) {
        key(name)
        if value { ascii("true") } else { ascii("false") }
    }

    public mutating func field(_ name: StaticString, _ value: Date) {
        key(name)
        bytes.append(UInt8(ascii: "\""))
        RFC3339.write(value, in: offsets, into: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }
}
