import Foundation

/// The negative binomial (NB2) count distribution with mean `μ` and overdispersion `α`:
/// `Var = μ + α·μ²` (size `k = 1/α`); `α = 0` is the Poisson distribution.
package struct CountDistribution: Sendable, Hashable {
    package let mean: Double
    package let overdispersion: Double

    package init(mean: Double, overdispersion: Double) {
        precondition(mean >= 0 && mean.isFinite && overdispersion >= 0)
        self.mean = mean
        self.overdispersion = overdispersion
    }

    package var variance: Double { mean + overdispersion * mean * mean }

    /// The smallest `y` with `P(Y ≤ y) ≥ p`, `0 < p < 1`. The pmf is summed by its recurrence
    /// from `log P(0)`, so large means neither overflow nor underflow.
    package func quantile(_ p: Double) -> Int {
        precondition(p > 0 && p < 1)
        if mean == 0 { return 0 }
        let poisson = overdispersion < 1e-9
        let k = poisson ? 0 : 1 / overdispersion
        var logP = poisson ? -mean : k * log(k / (k + mean))
        let ratio = poisson ? 0 : log(mean / (k + mean))
        var cdf = 0.0
        let limit = Int(mean + 60 * variance.squareRoot() + 100)
        for y in 0...limit {
            cdf += exp(logP)
            if cdf >= p { return y }
            logP += poisson ? log(mean / Double(y + 1)) : log((Double(y) + k) / Double(y + 1)) + ratio
        }
        return limit
    }
}
