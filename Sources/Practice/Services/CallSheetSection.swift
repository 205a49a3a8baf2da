import Foundation
package import JSONRPC
package import Kernel

/// One module's part of the call sheet.
package protocol CallSheetSection: Sendable {
    /// The key of the section in `calls.identify`'s `sections` (`appointments`, `messages`, `incidents`).
    var key: String { get }
    /// What the module knows of the call's patients and number, newest or most pressing first, read
    /// in the caller's read transaction.
    func items(for call: IdentifiedCall, in db: any StoreConnection) throws -> [JSONValue]
}
