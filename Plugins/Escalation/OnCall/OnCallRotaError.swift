import Foundation
import Practice

/// Why an ``OnCallRota`` could not be built: a configuration path and an explanation.
package struct OnCallRotaError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Path in the configuration file, e.g. `oncall.overrides[1].to`.
    package var path: String
    package var message: String

    package init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    package var description: String { "\(path): \(message)" }
}
