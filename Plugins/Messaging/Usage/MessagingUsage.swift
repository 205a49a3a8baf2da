import Foundation
import Kernel

/// Messaging's share of the billing figures (``UsageSource``): the messages secretaries took, by
/// the time they took them.
struct MessagingUsage: UsageSource {
    let key = "messaging"

    func usage(practiceIds: [String], from: Date, to: Date, in db: any StoreConnection) throws -> [String: UsageCounts] {
        try MessagingStore.usage(practiceIds: practiceIds, from: from, to: to, in: db)
    }
}
