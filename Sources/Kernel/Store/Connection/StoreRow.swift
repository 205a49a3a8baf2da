/// One row of a result, read by column name or position.
///
/// Names are matched as SQL matches unquoted identifiers, without regard to case (PostgreSQL gives
/// `practitionerid` for a column declared `practitionerId`). As with GRDB's rows, asking a
/// non-optional value of a NULL or of a value that does not convert is a programming error and stops
/// the process with the column named; ask an optional where NULL may come back.
///
/// A row given to `forEachRow`'s body may be read in place from the engine's cursor: it is valid
/// during that call only; keep a `copy()`.
@usableFromInline package struct StoreRow: Sendable {
    @usableFromInline let source: any StoreRowSource

    /// A row of values held in memory.
    package init(columns: StoreColumns, values: [StoreValue]) {
        precondition(columns.names.count == values.count, "a row has as many values as its result has columns")
        source = StoredRow(columns: columns, values: values)
    }

    /// A row read from an engine's own row type.
    package init(_ source: any StoreRowSource) { self.source = source }

    /// A row that stays valid after the cursor moves on.
    package func copy() -> StoreRow { StoreRow(source.copy()) }

    package var count: Int { source.count }

    /// The result's column names, in order (as the engine spells them).
    package var columnNames: [String] { (0..<source.count).map(source.columnName(at:)) }

    /// The value of a column; `.null` when the result has no such column.
    package func value(_ column: String) -> StoreValue { source.value(named: column) ?? .null }

    package func hasColumn(_ column: String) -> Bool { source.value(named: column) != nil }

    @inlinable package subscript<V: StoreValueConvertible>(_ column: String) -> V? {
        guard let value = source.value(named: column) else { preconditionFailure("no column \(column) in the row") }
        return Self.convert(value, column: column)
    }

    @inlinable package subscript<V: StoreValueConvertible>(_ column: String) -> V {
        guard let value: V = self[column] else { preconditionFailure("column \(column) is NULL, expected \(V.self)") }
        return value
    }

    @inlinable package subscript<V: StoreValueConvertible>(_ index: Int) -> V? {
        Self.convert(source.value(at: index), column: "#\(index)")
    }

    @inlinable package subscript<V: StoreValueConvertible>(_ index: Int) -> V {
        guard let value: V = self[index] else { preconditionFailure("column #\(index) is NULL, expected \(V.self)") }
        return value
    }

    @usableFromInline static func convert<V: StoreValueConvertible>(_ value: StoreValue, column: String) -> V? {
        if case .null = value { return nil }
        guard let converted = V(storeValue: value) else { preconditionFailure("column \(column): \(value) is not a \(V.self)") }
        return converted
    }
}

/// What an engine's row gives the seam: its values by position and by name (whatever its case; nil
/// when the result has no such column), and a copy that outlives the cursor.
@usableFromInline package protocol StoreRowSource: Sendable {
    var count: Int { get }
    func columnName(at index: Int) -> String
    func value(named column: String) -> StoreValue?
    func value(at index: Int) -> StoreValue
    func copy() -> any StoreRowSource
}

/// A row whose values are held in memory.
struct StoredRow: StoreRowSource {
    let columns: StoreColumns
    let values: [StoreValue]
    var count: Int { values.count }
    func columnName(at index: Int) -> String { columns.names[index] }
    func value(named column: String) -> StoreValue? { columns.index(of: column).map { values[$0] } }
    func value(at index: Int) -> StoreValue { values[index] }
    func copy() -> any StoreRowSource { self }
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
