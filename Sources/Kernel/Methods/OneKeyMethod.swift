package import JSONRPC

/// A method whose params are one required string naming what it acts on: an id (`{feedId}`,
/// `{incidentId}`), or a phone number (`{phone}`).
///
/// The method declares that param once, as a schema field (`required("feedId", .string)`); its
/// `Params` (`KeyParams`) and `paramsSchema` follow from it, so the name decoded and the name
/// documented cannot differ. A missing or mistyped param is -32602 naming it, as for any method.
package protocol OneKeyMethod: RPCMethod where Params == KeyParams<Self> {
    /// The one param: its name, its schema and what it says.
    static var keyParam: Schema.Field { get }
}

extension OneKeyMethod {
    package typealias Params = KeyParams<Self>
    package static var paramsSchema: Schema { .object([keyParam]) }
}
