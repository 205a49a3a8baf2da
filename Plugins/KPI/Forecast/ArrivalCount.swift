/// Calls that arrived in one interval of local time.
public struct ArrivalCount: Sendable, Hashable, Codable {
    public var interval: IntervalKey
    public var count: Int

    public init(interval: IntervalKey, count: Int) {
        precondition(count >= 0)
        self.interval = interval
        self.count = count
    }
}
