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
        var firstItem = true
        for item in items {
            if !firstItem { bytes.append(UInt8(ascii: ",")) }
            firstItem = false
            item.write(to: &self)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    public mutating func null() { bytes.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C]) }

    /// Writes `"name":`; `name` is a plain ASCII identifier (never escaped).
    private mutating func key(_ name: StaticString) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        first = false
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
    }

    public mutating func field(_ name: StaticString, _ value: String) {
        key(name)
        JSONWriter.writeString(value, into: &bytes)
    }

    public mutating func field(_ name: StaticString, _ value: Int) {
        key(name)
        bytes.append(contentsOf: String(value).utf8)
    }

    public mutating func field(_ name: StaticString, _ value: Bool) {
        key(name)
        if value { bytes.append(contentsOf: [0x74, 0x72, 0x75, 0x65]) } else { bytes.append(contentsOf: [0x66, 0x61, 0x6C, 0x73, 0x65]) }
    }

    public mutating func field(_ name: StaticString, _ value: Date) {
        key(name)
        bytes.append(UInt8(ascii: "\""))
        RFC3339.write(value, in: offsets, into: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }
}
