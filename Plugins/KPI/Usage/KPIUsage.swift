import Foundation
import Kernel

/// The KPI module's share of the billing figures (``UsageSource``): calls offered and answered and
/// their talk time, from the imported call records, by the time each call was offered.
struct KPIUsage: UsageSource {
    let key = "kpi"

    func usage(practiceIds: [String], from: Date, to: Date, in db: any StoreConnection) throws -> [String: UsageCounts] {
        try KPICallStore.usage(practiceIds: practiceIds, from: from, to: to, in: db)
    }
}
