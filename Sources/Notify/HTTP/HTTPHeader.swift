/// One HTTP header field as sent or received: names keep their spelling, order is kept,
/// and the same name may appear more than once.
package struct HTTPHeader: Sendable, Hashable {
    /// The field name, compared case-insensitively by lookups.
    package var name: String
    /// The field value, without surrounding whitespace.
    package var value: String

    package init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

extension Array where Element == HTTPHeader {
    /// The value of the first field named `name` (case-insensitive), or nil.
    package func value(for name: String) -> String? {
        let wanted = name.lowercased()
        return first { $0.name.lowercased() == wanted }?.value
    }

    /// The values of every field named `name` (case-insensitive), in order.
    package func values(for name: String) -> [String] {
        let wanted = name.lowercased()
        return filter { $0.name.lowercased() == wanted }.map(\.value)
    }
}
