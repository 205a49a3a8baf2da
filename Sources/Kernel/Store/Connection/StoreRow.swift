/// One row of a result, read by column name or position.
///
/// Names are matched as SQL matches unquoted identifiers, without regard to case (PostgreSQL gives
/// `practitionerid` for a column declared `practitionerId`). As with GRDB's rows, asking a
/// non-optional value of a NULL or of a value that does not convert is a programming error and stops
/// the process with the column named; ask an optional where NULL may come back.
package struct StoreRow: Sendable {
    package let columns: StoreColumns
    package let values: [StoreValue]

    package init(columns: StoreColumns, values: [StoreValue]) {
        precondition(columns.names.count == values.count, "a row has as many values as its result has columns")
        self.columns = columns
        self.values = values
    }

    /// The value of a column; `.null` when the result has no such column.
    package func value(_ column: String) -> StoreValue {
        guard let index = columns.index(of: column) else { return .null }
        return values[index]
    }

    package func hasColumn(_ column: String) -> Bool { columns.index(of: column) != nil }

    package subscript<V: StoreValueConvertible>(_ column: String) -> V? {
        guard let index = columns.index(of: column) else { preconditionFailure("no column \(column) in \(columns.names)") }
        return Self.convert(values[index], column: column)
    }

    package subscript<V: StoreValueConvertible>(_ column: String) -> V {
        guard let value: V = self[column] else { preconditionFailure("column \(column) is NULL, expected \(V.self)") }
        return value
    }

    package subscript<V: StoreValueConvertible>(_ index: Int) -> V? {
        Self.convert(values[index], column: columns.names[index])
    }

    package subscript<V: StoreValueConvertible>(_ index: Int) -> V {
        guard let value: V = self[index] else { preconditionFailure("column \(columns.names[index]) is NULL, expected \(V.self)") }
        return value
    }

    private static func convert<V: StoreValueConvertible>(_ value: StoreValue, column: String) -> V? {
        if value == .null { return nil }
        guard let converted = V(storeValue: value) else { preconditionFailure("column \(column): \(value) is not a \(V.self)") }
        return converted
    }
}

/// The column names of a result, shared by its rows.
package final class StoreColumns: Sendable {
    package let names: [String]
    private let positions: [String: Int]

    package init(_ names: [String]) {
        self.names = names
        var positions: [String: Int] = [:]
        for (index, name) in names.enumerated().reversed() {
            positions[name] = index
            positions[name.lowercased()] = index
        }
        self.positions = positions
    }

    /// The position of the first column of that name, whatever its case.
    package func index(of name: String) -> Int? { positions[name] ?? positions[name.lowercased()] }
}
