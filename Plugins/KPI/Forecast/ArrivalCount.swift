/// Calls that arrived in one interval of local time.
package struct ArrivalCount: Sendable, Hashable, Codable {
    package var interval: IntervalKey
    package var count: Int

    package init(interval: IntervalKey, count: Int) {
        precondition(count >= 0)
        self.interval = interval
        self.count = count
    }
}
