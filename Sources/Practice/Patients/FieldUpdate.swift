/// One field of a partial update: left as is (absent), cleared (`null`), or set to a value.
enum FieldUpdate<Value: Sendable>: Sendable {
    case keep
    case clear
    case set(Value)
}

extension KeyedDecodingContainer {
    /// Absent → `.keep`, `null` → `.clear`, a value → `.set`.
    func update<T: Decodable & Sendable>(_ type: T.Type, forKey key: Key) throws -> FieldUpdate<T> {
        guard contains(key) else { return .keep }
        if try decodeNil(forKey: key) { return .clear }
        return .set(try decode(T.self, forKey: key))
    }
}
