public import Foundation

/// A value as the database holds it, in the five storage classes both engines share (SQLite's own;
/// on PostgreSQL `BIGINT`/`BOOLEAN` → integer, `DOUBLE PRECISION` → real, `TEXT` → text, `BYTEA` → blob).
@usableFromInline package enum StoreValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob(Data)
}

/// A Swift type that a statement can bind and a row can give back.
///
/// Conversions are those of SQLite's column affinities: an integer reads as a `Double`, a real with
/// no fractional part reads as an integer, an integer reads as a `Bool` (non-zero is true). A value
/// that does not convert gives nil.
@usableFromInline package protocol StoreValueConvertible {
    var storeValue: StoreValue { get }
    init?(storeValue: StoreValue)
}

extension StoreValue: StoreValueConvertible {
    @inlinable package var storeValue: StoreValue { self }
    @inlinable package init?(storeValue: StoreValue) { self = storeValue }
}

extension Int64: StoreValueConvertible {
    @inlinable package var storeValue: StoreValue { .integer(self) }
    @inlinable package init?(storeValue: StoreValue) {
        switch storeValue {
        case .integer(let value): self = value
        case .real(let value):
            guard let exact = Int64(exactly: value) else { return nil }
            self = exact
        default: return nil
        }
    }
}

extension Int: StoreValueConvertible {
    @inlinable package var storeValue: StoreValue { .integer(Int64(self)) }
    @inlinable package init?(storeValue: StoreValue) {
        guard let value = Int64(storeValue: storeValue) else { return nil }
        self = Int(value)
    }
}

extension Int32: StoreValueConvertible {
    @inlinable package var storeValue: StoreValue { .integer(Int64(self)) }
    @inlinable package init?(storeValue: StoreValue) {
        guard let value = Int64(storeValue: storeValue), let exact = Int32(exactly: value) else { return nil }
        self = exact
    }
}

extension Double: StoreValueConvertible {
    @inlinable package var storeValue: StoreValue { .real(self) }
    @inlinable package init?(storeValue: StoreValue) {
        switch storeValue {
        case .real(let value): self = value
        case .integer(let value): self = Double(value)
        default: return nil
        }
    }
}

extension Bool: StoreValueConvertible {
    @inlinable package var storeValue: StoreValue { .integer(self ? 1 : 0) }
    @inlinable package init?(storeValue: StoreValue) {
        switch storeValue {
        case .integer(let value): self = value != 0
        case .real(let value): self = value != 0
        default: return nil
        }
    }
}

extension String: StoreValueConvertible {
    @inlinable package var storeValue: StoreValue { .text(self) }
    @inlinable package init?(storeValue: StoreValue) {
        switch storeValue {
        case .text(let value): self = value
        case .blob(let data):
            guard let text = String(data: data, encoding: .utf8) else { return nil }
            self = text
        default: return nil
        }
    }
}

extension Data: StoreValueConvertible {
    @inlinable package var storeValue: StoreValue { .blob(self) }
    @inlinable package init?(storeValue: StoreValue) {
        switch storeValue {
        case .blob(let value): self = value
        case .text(let value): self = Data(value.utf8)
        default: return nil
        }
    }
}

/// Enumerations stored by their raw value.
extension StoreValueConvertible where Self: RawRepresentable, RawValue: StoreValueConvertible {
    @inlinable package var storeValue: StoreValue { rawValue.storeValue }
    @inlinable package init?(storeValue: StoreValue) {
        guard let raw = RawValue(storeValue: storeValue) else { return nil }
        self.init(rawValue: raw)
    }
}
