import Foundation
import Synchronization

/// The webhook endpoints currently disabled (after a 410 Gone), shared by the worker and the methods.
/// A cache of the `notify_endpoint` table, always written after the table.
package final class EndpointStates: Sendable {
    private let disabled = Mutex<[String: String]>([:])

    package init() {}

    func load(_ states: [String: String]) { disabled.withLock { $0 = states } }
    func disable(_ id: String, reason: String) { disabled.withLock { $0[id] = reason } }
    func enable(_ id: String) { _ = disabled.withLock { $0.removeValue(forKey: id) } }

    /// Why the endpoint is disabled, or nil when it is enabled.
    package func disabledReason(_ id: String) -> String? { disabled.withLock { $0[id] } }
    package var disabledIDs: Set<String> { disabled.withLock { Set($0.keys) } }
}
