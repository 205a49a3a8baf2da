package import Foundation
import Synchronization

/// A time zone's UTC offsets from 1970 to 2100, read once from the time-zone database, so that the
/// offset at an instant is a binary search rather than a database query (slot search and RFC 3339
/// output convert thousands of instants per call).
///
/// Outside that span, and for zones whose offset the table cannot follow, it asks `TimeZone` itself.
package final class ZoneOffsets: Sendable {
    package let timeZone: TimeZone
    /// Whether the zone is UTC itself (RFC 3339 writes "Z" for it rather than "+00:00").
    package let isUTC: Bool
    /// Instants (seconds since 1970) at which the offset changes, ascending, and the offset from each on.
    private let changes: [Double]
    private let offsets: [Int]
    /// The offset before the first change.
    private let initialOffset: Int
    private static let start = 0.0
    private static let end = 4_102_444_800.0 // 2100-01-01T00:00:00Z

    private static let cache = Mutex<[String: ZoneOffsets]>([:])

    /// The table of `timeZone`, built on first use and kept.
    package static func of(_ timeZone: TimeZone) -> ZoneOffsets {
        if let known = cache.withLock({ $0[timeZone.identifier] }) { return known }
        let table = ZoneOffsets(timeZone)
        cache.withLock { $0[timeZone.identifier] = table }
        return table
    }

    package init(_ timeZone: TimeZone) {
        self.timeZone = timeZone
        isUTC = timeZone.identifier == "UTC" || timeZone.identifier == "GMT"
        var changes: [Double] = []
        var offsets: [Int] = []
        initialOffset = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Self.start))
        var cursor = Date(timeIntervalSince1970: Self.start)
        while let next = timeZone.nextDaylightSavingTimeTransition(after: cursor), next.timeIntervalSince1970 < Self.end {
            changes.append(next.timeIntervalSince1970)
            offsets.append(timeZone.secondsFromGMT(for: next))
            cursor = next
        }
        self.changes = changes
        self.offsets = offsets
    }

    /// Seconds east of UTC at `date`.
    package func secondsFromGMT(for date: Date) -> Int { span(at: date).offset }

    /// The offset at `date`, and the span of UTC seconds `[from, until)` over which it holds (an
    /// empty span outside the table, where nothing can be reused).
    package func span(at date: Date) -> (offset: Int, from: Double, until: Double) {
        let t = date.timeIntervalSince1970
        guard t >= Self.start, t < Self.end else { return (timeZone.secondsFromGMT(for: date), t, t) }
        var low = 0
        var high = changes.count
        while low < high {
            let mid = (low + high) / 2
            if changes[mid] <= t { low = mid + 1 } else { high = mid }
        }
        let from = low == 0 ? Self.start : changes[low - 1]
        let until = low < changes.count ? changes[low] : Self.end
        return (low == 0 ? initialOffset : offsets[low - 1], from, until)
    }

    /// Whether the offset changes in `[from, to)`.
    package func changes(from: Date, to: Date) -> Bool {
        let a = from.timeIntervalSince1970
        let b = to.timeIntervalSince1970
        guard a >= Self.start, b < Self.end else {
            return timeZone.nextDaylightSavingTimeTransition(after: from).map { $0 < to } ?? false
        }
        var low = 0
        var high = changes.count
        while low < high {
            let mid = (low + high) / 2
            if changes[mid] < a { low = mid + 1 } else { high = mid }
        }
        return low < changes.count && changes[low] < b
    }
}
