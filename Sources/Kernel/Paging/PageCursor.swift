import Foundation
package import JSONRPC

/// The paging convention of every list method: `limit` (1…`maximum`) and `cursor` in, a
/// `Page` (or a reply object with `nextCursor`) out.
///
/// A cursor is a keyset cursor: the sort key of the last row of the previous page, in base64url
/// JSON so that clients treat it as opaque. The next page is the rows strictly after that key in
/// the method's order (`(dueAt, rowid) > (?, ?)`), never an offset: rows added or removed
/// meanwhile neither repeat nor skip the rows that stayed.
package enum PageCursor {
    /// No page holds more rows than this, whatever `limit` asks.
    package static let maximum = 200

    /// The `limit` and `cursor` params fields; `standard` is the page size without `limit`.
    package static func paramsFields(standard: Int, maximum: Int = maximum) -> [Schema.Field] {
        [
            optional("limit", .integer, "Page size, 1…\(maximum), default \(standard)"),
            optional("cursor", .string.maxLength(1_000), "nextCursor of the previous page (same filters)")
        ]
    }

    /// The result field announcing the next page.
    package static var nextCursorField: Schema.Field {
        optional("nextCursor", .string, "Present when more rows follow: give it as `cursor` for the next page")
    }

    /// The page size from `limit`: 1…`maximum`, `standard` when absent; -32602 naming `limit` otherwise.
    package static func limit(_ given: Int?, standard: Int, maximum: Int = maximum) throws -> Int {
        let limit = given ?? standard
        guard (1...maximum).contains(limit) else { throw RPCError.invalidParams(field: "limit", "must be from 1 to \(maximum)") }
        return limit
    }

    package static func encode(_ key: [PageKey]) -> String {
        let data = (try? JSONEncoder().encode(key)) ?? Data()
        return data.base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// The sort key a `cursor` stands for, nil without a cursor; -32602 naming `cursor` when it is
    /// not one this method gave (wrong form, or not `shape`: the kinds of its key's columns).
    package static func decode(_ given: String?, shape: [Kind]) throws -> [PageKey]? {
        guard let given else { return nil }
        let refused = RPCError.invalidParams(field: "cursor", "is not a cursor from a previous page of this list")
        guard given.utf8.count <= 1_000, given.utf8.allSatisfy({ base64URL.contains($0) }) else { throw refused }
        var base64 = given.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64), let key = try? JSONDecoder().decode([PageKey].self, from: data),
            key.count == shape.count, zip(key, shape).allSatisfy({ $1.matches($0) })
        else { throw refused }
        return key
    }

    private static let base64URL = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// The kind of one column of a sort key.
    package enum Kind: Sendable {
        case int, real, text
        func matches(_ key: PageKey) -> Bool {
            switch (self, key) {
            case (.int, .int), (.text, .text), (.real, .real), (.real, .int): true
            default: false
            }
        }
    }
}
