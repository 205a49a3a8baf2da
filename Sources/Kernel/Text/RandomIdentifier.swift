package import Foundation

/// Random row identifiers: a prefix and lowercase hexadecimal digits from the system's random
/// source (`ct_4f0c…`), 128 random bits at most, as a UUID without its dashes gave them, without
/// going through Foundation's string functions (an import appends millions of rows).
package enum RandomIdentifier {
    /// `prefix` followed by `hexDigits` (1 to 32) random hexadecimal digits.
    package static func make(_ prefix: String, hexDigits: Int = 32) -> String {
        var generator = SystemRandomNumberGenerator()
        let count = min(max(hexDigits, 1), 32)
        let bits = (generator.next() as UInt64, generator.next() as UInt64)
        let digits = Array("0123456789abcdef".utf8)
        var bytes = Array(prefix.utf8)
        bytes.reserveCapacity(bytes.count + count)
        for i in 0..<count {
            let word = i < 16 ? bits.0 : bits.1
            bytes.append(digits[Int((word >> UInt64((i % 16) * 4)) & 0xF)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `prefix`, the milliseconds since 1970 in 12 hexadecimal digits, then `randomHexDigits`
    /// random ones: identifiers of rows written in bulk sort (and are indexed) in the order they
    /// were made, so that a large import appends to its index instead of writing all over it.
    package static func timeOrdered(_ prefix: String, at date: Date = Date(), randomHexDigits: Int = 8) -> String {
        let milliseconds = UInt64(max(0, date.timeIntervalSince1970 * 1000))
        let digits = Array("0123456789abcdef".utf8)
        var time = Array(prefix.utf8)
        for i in (0..<12).reversed() { time.append(digits[Int((milliseconds >> UInt64(i * 4)) & 0xF)]) }
        return make(String(decoding: time, as: UTF8.self), hexDigits: randomHexDigits)
    }
}
