/// Call records without duplicates: a record whose ``CallRecord/dedupKey`` is already
/// present is not added again, so re-importing a file adds nothing.
package struct CallRecordSet: Sendable, Hashable {
    package private(set) var records: [CallRecord] = []
    private var keys: Set<String> = []

    package init(_ records: [CallRecord] = []) { insert(contentsOf: records) }

    /// Adds the records not seen yet, in order; returns how many were added.
    @discardableResult
    package mutating func insert(contentsOf newRecords: [CallRecord]) -> Int {
        var added = 0
        for record in newRecords where keys.insert(record.dedupKey).inserted {
            records.append(record)
            added += 1
        }
        return added
    }

    package var count: Int { records.count }
}
