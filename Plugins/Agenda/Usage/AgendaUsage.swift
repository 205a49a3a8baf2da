import Foundation
import Kernel

/// The agenda's share of the billing figures (``UsageSource``): the appointments booked, by the
/// time they were booked.
struct AgendaUsage: UsageSource {
    let key = "agenda"

    func usage(practiceIds: [String], from: Date, to: Date, in db: any StoreConnection) throws -> [String: UsageCounts] {
        try AgendaStore.usage(practiceIds: practiceIds, from: from, to: to, in: db)
    }
}
