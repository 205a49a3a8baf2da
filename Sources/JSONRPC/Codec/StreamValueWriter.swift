/// The primitive writes shared by the unkeyed and single-value containers of `StreamingJSONEncoder`:
/// each value is written once `beginValue()` has placed it (the next array element, or the slot).
package protocol StreamValueWriter {
    var state: EncodingState { get }
    /// Places the next value; throws `StreamingJSONEncoder.Unsupported` when it cannot be written here.
    func beginValue() throws
    /// Writes a value that is not a JSON primitive (it encodes itself through `encode(to:)`).
    func encodeComposite<T: Encodable>(_ value: T) throws
}

extension StreamValueWriter {
    private func integer<I: FixedWidthInteger>(_ value: I) throws {
        try beginValue()
        state.writeInteger(value)
    }

    package mutating func encodeNil() throws {
        try beginValue()
        state.writeNull()
    }
    package mutating func encode(_ value: Bool) throws {
        try beginValue()
        state.writeBool(value)
    }
    package mutating func encode(_ value: String) throws {
        try beginValue()
        JSONWriter.writeString(value, into: &state.out)
    }
    package mutating func encode(_ value: Double) throws {
        try beginValue()
        try state.writeDouble(value)
    }
    package mutating func encode(_ value: Float) throws {
        try beginValue()
        try state.writeFloat(value)
    }
    package mutating func encode(_ value: Int) throws { try integer(value) }
    package mutating func encode(_ value: Int8) throws { try integer(value) }
    package mutating func encode(_ value: Int16) throws { try integer(value) }
    package mutating func encode(_ value: Int32) throws { try integer(value) }
    package mutating func encode(_ value: Int64) throws { try integer(value) }
    package mutating func encode(_ value: UInt) throws { try integer(value) }
    package mutating func encode(_ value: UInt8) throws { try integer(value) }
    package mutating func encode(_ value: UInt16) throws { try integer(value) }
    package mutating func encode(_ value: UInt32) throws { try integer(value) }
    package mutating func encode(_ value: UInt64) throws { try integer(value) }
    package mutating func encode<T: Encodable>(_ value: T) throws { try encodeComposite(value) }
}
