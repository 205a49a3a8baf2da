import Foundation

/// A value written in JSON as its text (`"2026-03-10"`, `"08:30-12:00"`): decoding reads a string
/// and parses it with `init?(_:)`, failing with "expected <`textForm`>, got "<text>"" at the
/// field's path; encoding writes `description`.
package protocol TextCodable: Codable, CustomStringConvertible {
    init?(_ text: String)
    /// What a valid text looks like, for the error a wrong one gets.
    static var textForm: String { get }
}

extension TextCodable {
    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = Self(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected \(Self.textForm), got \"\(text)\"")
        }
        self = value
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
