/// The values bound to a statement's parameters, in order (`?`, or `?N` for the N-th).
package struct StoreArguments: Sendable, Hashable, ExpressibleByArrayLiteral {
    package var values: [StoreValue]

    package init(arrayLiteral elements: (any StoreValueConvertible)?...) {
        values = elements.map { $0?.storeValue ?? .null }
    }

    package init<S: Sequence>(_ sequence: S) where S.Element: StoreValueConvertible {
        values = sequence.map(\.storeValue)
    }

    package init<S: Sequence, V: StoreValueConvertible>(_ sequence: S) where S.Element == V? {
        values = sequence.map { $0?.storeValue ?? .null }
    }

    package init(values: [StoreValue]) { self.values = values }

    package static func + (lhs: StoreArguments, rhs: StoreArguments) -> StoreArguments { StoreArguments(values: lhs.values + rhs.values) }

    package static func += (lhs: inout StoreArguments, rhs: StoreArguments) { lhs.values += rhs.values }
}
