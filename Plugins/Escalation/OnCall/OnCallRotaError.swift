import Foundation
import Practice

/// Why an ``OnCallRota`` could not be built: a configuration path and an explanation.
public struct OnCallRotaError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Path in the configuration file, e.g. `oncall.overrides[1].to`.
    public var path: String
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}
