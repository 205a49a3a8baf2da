import JSONRPC

/// The params of a `OneKeyMethod`: the string given as its one param (`Method.keyParam`).
package struct KeyParams<Method: OneKeyMethod>: Decodable, Sendable {
    /// The param's value, as given.
    package let key: String

    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: IndexKey.self)
        key = try c.decode(String.self, forKey: IndexKey(stringValue: Method.keyParam.name))
    }
}
