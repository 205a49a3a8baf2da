/// Shrinkage: the share of paid time agents are not available to take calls (breaks,
/// training, meetings, absence).
///
/// The fraction is held exactly as an integer number of basis points (1 bp = 0.01 %), so
/// `agents = ⌈raw / (1 − s)⌉` is computed in integer arithmetic as
/// `⌈raw · 10 000 / (10 000 − bp)⌉` and never suffers floating error:
/// 21 agents at 30 % shrinkage is exactly 30, not 31.
package struct Shrinkage: Sendable, Hashable, Codable {
    /// The shrinkage in basis points, in 0..<10 000.
    package let basisPoints: Int

    /// Shrinkage given in basis points (3 000 = 30 %).
    package init(basisPoints: Int) {
        precondition((0..<10_000).contains(basisPoints), "shrinkage must be in [0, 1)")
        self.basisPoints = basisPoints
    }

    /// Shrinkage given as a fraction (0.3 = 30 %), rounded to the nearest basis point.
    package init(_ fraction: Double) {
        self.init(basisPoints: Int((fraction * 10_000).rounded()))
    }

    /// No shrinkage.
    package static let none = Shrinkage(basisPoints: 0)

    /// The shrinkage as a fraction.
    package var fraction: Double { Double(basisPoints) / 10_000 }

    /// Agents to schedule so that `rawAgents` are available: `⌈raw / (1 − s)⌉`, exact.
    package func scheduledAgents(forAvailable rawAgents: Int) -> Int {
        precondition(rawAgents >= 0)
        let numerator = rawAgents * 10_000
        let denominator = 10_000 - basisPoints
        return (numerator + denominator - 1) / denominator
    }
}
