import Foundation
import GRDB
import Kernel

/// Notify's opt-out list as the other modules see it (`SMSOptOuts` in `KernelHost.services`).
package struct NotifyOptOuts: SMSOptOuts {
    package init() {}

    package func isOptedOut(_ phone: String, in db: Database) throws -> Bool {
        try OptOutStore.isOptedOut(phone, in: db)
    }

    package func optOut(_ phone: String, source: String, at now: Date, in db: Database) throws {
        try OptOutStore.insert(phone, source: source, at: now, in: db)
    }
}
