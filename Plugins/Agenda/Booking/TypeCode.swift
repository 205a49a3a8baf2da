import Synchronization

/// An appointment type id as a small number, the same for the same id throughout the process, so
/// that the occupied time a slot search copies holds plain values rather than strings.
struct TypeCode: Hashable, Sendable {
    let raw: Int32

    private static let table = Mutex<[String: Int32]>([:])

    /// The code of `id`, given on first use.
    static func of(_ id: String) -> TypeCode {
        table.withLock { codes in
            if let known = codes[id] { return TypeCode(raw: known) }
            let next = Int32(codes.count)
            codes[id] = next
            return TypeCode(raw: next)
        }
    }
}
