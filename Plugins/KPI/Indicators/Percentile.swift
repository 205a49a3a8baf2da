/// Percentiles by the nearest-rank method: the `p`-th percentile of `n` sorted values is the
/// value of rank `⌈p/100 · n⌉` (1-based), so it is always one of the observations.
/// The median is the 50th percentile in this sense (the lower middle value when `n` is even).
package enum Percentile {
    /// The nearest-rank `p`-th percentile (`0 < p ≤ 100`) of `values`, or `nil` when empty.
    package static func nearestRank(_ p: Double, of values: [Double]) -> Double? {
        precondition(p > 0 && p <= 100, "p must be in (0, 100]")
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        // Rank computed with a tolerance so that e.g. 0.9 · 10 = 9.000000000000002 gives rank 9.
        let exact = p / 100 * Double(sorted.count)
        let rank = max(1, Int((exact - 1e-9).rounded(.up)))
        return sorted[min(rank, sorted.count) - 1]
    }
}
