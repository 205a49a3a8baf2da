package import Foundation

/// A module's share of the billing figures (`usage.report`): the counts it keeps in its own tables.
///
/// A module registers one in ``UsageSources`` (from `KernelHost.services`) from its
/// `methods(host:)`; the report reads every source without knowing the modules. Every practice's
/// rows are in the one store, so one source answers for the whole pool: its query is limited to
/// `practiceIds` and reads an index that starts with the practice.
package protocol UsageSource: Sendable {
    /// The module it counts for (`kpi`, `messaging`…): a second source with the same key replaces the first.
    var key: String { get }
    /// The counts of each of `practiceIds` over `[from, to)`, in the caller's read transaction; a
    /// practice without any row may be left out.
    func usage(practiceIds: [String], from: Date, to: Date, in db: any StoreConnection) throws -> [String: UsageCounts]
}
