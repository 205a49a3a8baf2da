import Foundation
import JSONRPC

/// Turns coding paths into the field paths users see in errors: `caller.phone`, `items[2].start`.
package enum FieldPath {
    package static func string(_ path: [any CodingKey]) -> String {
        var out = ""
        for key in path {
            if let i = key.intValue { out += "[\(i)]" } else { out += out.isEmpty ? key.stringValue : "." + key.stringValue }
        }
        return out
    }

    /// Maps a decoding error to -32602 naming the field and saying what was wrong.
    package static func invalidParams(_ error: DecodingError) -> RPCError {
        switch error {
        case .keyNotFound(let key, let ctx):
            let path = ctx.codingPath.last?.stringValue == key.stringValue ? ctx.codingPath : ctx.codingPath + [key]
            return .invalidParams(field: string(path), "is required")
        case .typeMismatch(_, let ctx), .valueNotFound(_, let ctx), .dataCorrupted(let ctx):
            return .invalidParams(field: string(ctx.codingPath), ctx.debugDescription)
        @unknown default:
            return .invalidParams(field: "", "\(error)")
        }
    }
}
