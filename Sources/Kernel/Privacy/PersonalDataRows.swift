import Foundation
package import JSONRPC

/// Database rows as JSON for exports: one object per row, columns as members; instants (columns
/// named `…At`, `start`, `end`, `blockEnd`, stored as UTC seconds) as RFC 3339 in UTC; JSON held
/// in text columns stays text.
package enum PersonalDataRows {
    static let utc = TimeZone(identifier: "UTC")!
    static let instantColumns: Set<String> = ["start", "end", "blockEnd"]

    /// The rows of `sql` as a JSON array.
    package static func select(_ sql: String, _ arguments: StoreArguments = [], in db: any StoreConnection) throws -> JSONValue {
        var out: [JSONValue] = []
        try db.forEachRow(sql, arguments, cached: false) { row in
            var o = JSONObject()
            for (index, column) in row.columnNames.enumerated() {
                o[column] = json(row[index] as StoreValue? ?? .null, instant: column.hasSuffix("At") || instantColumns.contains(column))
            }
            out.append(.object(o))
            return true
        }
        return .array(out)
    }

    static func json(_ value: StoreValue, instant: Bool) -> JSONValue {
        switch value {
        case .null: .null
        case .integer(let i): instant ? .string(RFC3339.format(Date(timeIntervalSince1970: Double(i)), in: utc)) : .int(Int(i))
        case .real(let d): instant ? .string(RFC3339.format(Date(timeIntervalSince1970: d), in: utc)) : .double(d)
        case .text(let s): .string(s)
        case .blob(let b): .string(b.base64EncodedString())
        }
    }

    /// `(?, ?, …)` for `n` arguments (at least one, so that `IN ()` never appears).
    package static func placeholders(_ n: Int) -> String {
        "(" + Array(repeating: "?", count: max(n, 1)).joined(separator: ", ") + ")"
    }

    /// The subject's phones as arguments for `placeholders(phones.count)`; one impossible value when none.
    package static func phoneArguments(_ subject: PersonalDataSubject) -> [String] {
        subject.phones.isEmpty ? ["\u{0}"] : subject.phones
    }
}
