/// The service objective a staffing search must meet.
///
/// A staffing level `N` meets the target when the service level within ``thresholdSeconds``
/// is at least ``serviceLevel`` and the occupancy is at most ``maxOccupancy``.
package struct ServiceTarget: Sendable, Hashable, Codable {
    /// Fraction of calls to answer within the threshold, in (0, 1). Default 0.8.
    package var serviceLevel: Double
    /// Answer threshold `T` in seconds. Default 20.
    package var thresholdSeconds: Double
    /// Highest acceptable agent occupancy, in (0, 1]. Default 0.85.
    package var maxOccupancy: Double

    /// Relative slack on the occupancy cap: a traffic given as a decimal (30.6 erlangs) is not exact in
    /// binary, so 30.6 / 36 computes as 0.8500000000000001; the cap of 0.85 must still accept 36 agents.
    package static let tolerance = 1e-12

    package init(serviceLevel: Double = 0.8, thresholdSeconds: Double = 20, maxOccupancy: Double = 0.85) {
        precondition(serviceLevel > 0 && serviceLevel < 1, "serviceLevel must be in (0, 1)")
        precondition(thresholdSeconds >= 0, "thresholdSeconds must be non-negative")
        precondition(maxOccupancy > 0 && maxOccupancy <= 1, "maxOccupancy must be in (0, 1]")
        self.serviceLevel = serviceLevel
        self.thresholdSeconds = thresholdSeconds
        self.maxOccupancy = maxOccupancy
    }
}
