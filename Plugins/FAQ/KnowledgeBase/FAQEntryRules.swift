import JSONRPC
import Kernel

/// The rules an entry id follows: lower-case ASCII letters, digits and dashes, 1 to 64 characters,
/// starting with a letter or digit (`parking-centre`).
enum FAQEntryRules {
    static func isValid(id: String) -> Bool {
        let bytes = Array(id.utf8)
        guard (1...64).contains(bytes.count), bytes[0] != UInt8(ascii: "-") else { return false }
        return bytes.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == UInt8(ascii: "-") }
    }

    static func validate(id: String, field: String) throws {
        guard isValid(id: id) else {
            throw RPCError.invalidParams(field: field, "must be 1 to 64 lower-case ASCII letters, digits or dashes")
        }
    }
}
