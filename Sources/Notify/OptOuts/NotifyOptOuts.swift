package import Foundation
package import Kernel

/// Notify's opt-out list as the other modules see it (`SMSOptOuts` in `KernelHost.services`):
/// the list of one practice, the host's. A STOP sent to one practice silences that practice only.
package struct NotifyOptOuts: SMSOptOuts {
    package let practiceId: String

    package init(practiceId: String) { self.practiceId = practiceId }

    package func isOptedOut(_ phone: String, in db: any StoreConnection) throws -> Bool {
        try OptOutStore.isOptedOut(phone, practiceId: practiceId, in: db)
    }

    package func optOut(_ phone: String, source: String, at now: Date, in db: any StoreConnection) throws {
        try OptOutStore.insert(phone, source: source, practiceId: practiceId, at: now, in: db)
    }
}
