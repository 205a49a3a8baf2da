import Foundation

/// SplitMix64 (Steele, Lea & Flood 2014): a small, fast, seeded pseudo-random generator.
/// The same seed gives the same sequence on every platform. Not for cryptography.
package struct SplitMix64: RandomNumberGenerator, Sendable, Hashable {
    private var state: UInt64

    package init(seed: UInt64) { state = seed }

    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in the open interval (0, 1), 53 bits.
    package mutating func nextUnit() -> Double { (Double(next() >> 11) + 0.5) / 9_007_199_254_740_992 }

    /// Standard normal (Box–Muller).
    package mutating func nextNormal() -> Double {
        (-2 * log(nextUnit())).squareRoot() * cos(2 * Double.pi * nextUnit())
    }

    /// Gamma(shape, scale 1/shape), mean 1, by Marsaglia & Tsang (2000); `shape ≥ 1`.
    package mutating func nextGammaMeanOne(shape: Double) -> Double {
        precondition(shape >= 1)
        let d = shape - 1.0 / 3
        let c = 1 / (9 * d).squareRoot()
        while true {
            let x = nextNormal()
            let v0 = 1 + c * x
            guard v0 > 0 else { continue }
            let v = v0 * v0 * v0
            let u = nextUnit()
            if log(u) < 0.5 * x * x + d - d * v + d * log(v) { return d * v / shape }
        }
    }

    /// Poisson(mean): Knuth's product method on chunks of mean ≤ 30 (exact; cost O(mean)).
    package mutating func nextPoisson(mean: Double) -> Int {
        precondition(mean >= 0 && mean.isFinite)
        var remaining = mean
        var total = 0
        while remaining > 0 {
            let chunk = min(remaining, 30)
            remaining -= chunk
            let limit = exp(-chunk)
            var product = nextUnit()
            while product > limit {
                total += 1
                product *= nextUnit()
            }
        }
        return total
    }
}
