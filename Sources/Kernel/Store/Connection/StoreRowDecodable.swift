import Foundation

/// A value read from a row through its `Decodable` conformance: `init(row:)` reads each coding key
/// from the column of that name (matched as `StoreRow` matches names, whatever their case), or from
/// the column `columnNames` gives it.
///
/// Instants are UTC seconds, as every table stores them; enumerations are their raw values; other
/// values convert as `StoreValueConvertible` says. A nested value reads the columns named after its
/// key and its own keys (`caller` → `callerName`, `callerPhone`…) and is nil when they are all NULL.
/// An optional is nil when its column is NULL or the row has none (a property no table holds). As
/// with the row's subscripts, a required value that is NULL or does not convert is a programming
/// error and stops the process with the column named.
package protocol StoreRowDecodable: Decodable {
    /// The columns not named as their coding keys: key → column (none by default).
    static var columnNames: [String: String] { get }
}

extension StoreRowDecodable {
    package static var columnNames: [String: String] { [:] }

    /// The value `row` holds.
    package init(row: StoreRow) {
        do {
            try self.init(from: RowDecoder(row: row, renamed: Self.columnNames, column: "", codingPath: []))
        } catch {
            preconditionFailure("\(Self.self) from a row: \(error)")
        }
    }
}

/// The row, or one value of it: a column, or the columns of a nested value (`column` is their prefix;
/// empty for the row itself).
private struct RowDecoder: Decoder {
    let row: StoreRow
    /// Key → column, for the row's own keys.
    let renamed: [String: String]
    let column: String
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(RowContainer<Key>(decoder: self))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        throw DecodingError.typeMismatch([Any].self, .init(codingPath: codingPath, debugDescription: "a row holds no arrays (column \(column))"))
    }

    func singleValueContainer() -> any SingleValueDecodingContainer { RowValue(decoder: self) }

    /// The value of `key` below this one.
    func child(_ key: some CodingKey) -> RowDecoder {
        let name = renamed[key.stringValue] ?? key.stringValue
        let column = column.isEmpty ? name : column + name.prefix(1).uppercased() + name.dropFirst()
        return RowDecoder(row: row, renamed: [:], column: column, codingPath: codingPath + [key])
    }

    /// The columns of a nested value: those named after it and something more.
    var nestedColumns: [String] {
        let prefix = column.lowercased()
        return row.columnNames.filter { $0.count > prefix.count && $0.lowercased().hasPrefix(prefix) }
    }

    var isPresent: Bool { row.hasColumn(column) || !nestedColumns.isEmpty }

    var isNull: Bool {
        guard !row.hasColumn(column) else { return row.value(column) == .null }
        return nestedColumns.allSatisfy { row.value($0) == .null }
    }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        if T.self == Date.self {
            return Date(timeIntervalSince1970: try decode(Double.self)) as! T
        }
        guard let convertible = T.self as? any StoreValueConvertible.Type else { return try T(from: self) }
        let value = row.value(column)
        guard let converted = convertible.init(storeValue: value) else {
            let context = DecodingError.Context(codingPath: codingPath, debugDescription: "column \(column): \(value) is not a \(T.self)")
            throw value == .null ? DecodingError.valueNotFound(T.self, context) : DecodingError.typeMismatch(T.self, context)
        }
        return converted as! T
    }
}

private struct RowContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: RowDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }
    var allKeys: [Key] { decoder.row.columnNames.compactMap(Key.init(stringValue:)) }

    func contains(_ key: Key) -> Bool { decoder.child(key).isPresent }
    func decodeNil(forKey key: Key) -> Bool { decoder.child(key).isNull }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try decoder.child(key).decode(T.self) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) -> KeyedDecodingContainer<NestedKey> {
        decoder.child(key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer { try decoder.child(key).unkeyedContainer() }
    func superDecoder() -> any Decoder { decoder }
    func superDecoder(forKey key: Key) -> any Decoder { decoder.child(key) }
}

private struct RowValue: SingleValueDecodingContainer {
    let decoder: RowDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }
    func decodeNil() -> Bool { decoder.isNull }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoder.decode(T.self) }
}
