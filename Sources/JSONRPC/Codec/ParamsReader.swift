package import Foundation
import JSONRPC

/// Params a method reads straight from the request's JSON object, for the few methods called so
/// often (a slot search) that decoding through `Decodable` shows beside their own work.
///
/// The reader only reads well-formed params. On anything else (a missing field, a wrong type, an
/// instant without offset) it gives up, and the kernel decodes the same params through
/// `Decodable`, so the -32602 error names the field in the same words for every method.
package protocol ReadableParams: Decodable, Sendable {
    init(reading params: ParamsReader) throws
}

/// Reads typed members of a params object; throws when a member is not exactly what it reads.
package struct ParamsReader {
    package let object: JSONObject

    package init(_ object: JSONObject) { self.object = object }

    /// The member is absent, null where it is required, or not of the type read.
    package struct Unread: Error {}

    package func string(_ key: String) throws -> String {
        guard case .string(let s)? = object[key] else { throw Unread() }
        return s
    }

    package func optionalString(_ key: String) throws -> String? {
        switch object[key] {
        case nil, .null?: return nil
        case .string(let s)?: return s
        default: throw Unread()
        }
    }

    package func bool(_ key: String) throws -> Bool {
        guard case .bool(let b)? = object[key] else { throw Unread() }
        return b
    }

    package func optionalBool(_ key: String) throws -> Bool? {
        switch object[key] {
        case nil, .null?: return nil
        case .bool(let b)?: return b
        default: throw Unread()
        }
    }

    package func optionalInt(_ key: String) throws -> Int? {
        switch object[key] {
        case nil, .null?: return nil
        case .number(let text)?:
            guard let i = Int(text) else { throw Unread() }
            return i
        default: throw Unread()
        }
    }

    /// An RFC 3339 instant with its offset.
    package func instant(_ key: String) throws -> Date {
        guard let date = RFC3339.parse(try string(key)) else { throw Unread() }
        return date
    }

    package func optionalInstant(_ key: String) throws -> Date? {
        guard let text = try optionalString(key) else { return nil }
        guard let date = RFC3339.parse(text) else { throw Unread() }
        return date
    }

    package func optionalStrings(_ key: String) throws -> [String]? {
        switch object[key] {
        case nil, .null?: return nil
        case .array(let items)?:
            return try items.map { item in
                guard case .string(let s) = item else { throw Unread() }
                return s
            }
        default: throw Unread()
        }
    }
}
