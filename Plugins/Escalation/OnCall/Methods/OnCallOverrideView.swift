import Foundation

/// An override as listed and returned over RPC, with both ends as instants.
struct OnCallOverrideView: Encodable, Sendable {
    let id: String
    let practitionerId: String
    let from: Date
    let to: Date
    let reason: String?
    /// `configuration` or `rpc`.
    let source: String
}
