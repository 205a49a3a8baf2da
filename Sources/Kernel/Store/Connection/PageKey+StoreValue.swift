/// A cursor's key binds as the value it was read from, so that a keyset condition
/// (`(a, b) < (?, ?)`) takes the previous page's last key as it is.
extension PageKey: StoreValueConvertible {
    package var storeValue: StoreValue {
        switch self {
        case .int(let value): .integer(value)
        case .real(let value): .real(value)
        case .text(let value): .text(value)
        }
    }

    /// An integer, real or text as the key of that kind; nil for NULL and blobs.
    package init?(storeValue: StoreValue) {
        switch storeValue {
        case .integer(let value): self = .int(value)
        case .real(let value): self = .real(value)
        case .text(let value): self = .text(value)
        case .null, .blob: return nil
        }
    }
}
