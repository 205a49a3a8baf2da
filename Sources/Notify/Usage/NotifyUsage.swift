import Foundation
import Kernel

/// Notify's share of the billing figures (``UsageSource``): SMS the gateway accepted and their
/// segments, webhook calls the endpoints accepted, by delivery time, whichever module sent them.
struct NotifyUsage: UsageSource {
    let key = "notify"

    func usage(practiceIds: [String], from: Date, to: Date, in db: any StoreConnection) throws -> [String: UsageCounts] {
        try OutboxStore.usage(practiceIds: practiceIds, from: from, to: to, in: db)
    }
}
