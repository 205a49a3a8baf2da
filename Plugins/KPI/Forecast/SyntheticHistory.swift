import Foundation
package import Practice

/// A deterministic synthetic call history of a French medical practice, for tests and demos.
///
/// The arrivals form a doubly stochastic Poisson process: each day `d` draws a day level
/// `G_d ~ Gamma(k, 1/k)` (mean 1, coefficient of variation `1/√k`), and the count of interval
/// `s` is `Poisson(G_d · λ(d, s))` with
/// `λ(d, s) = tuesdayCalls · weekday(d) · shape_d(s) · e^{g·t_d} · (holidayFactor if d is a holiday)`:
/// - weekday factors: Monday 1.35 (the Monday peak), Tuesday 1, Wednesday 0.9, Thursday 0.95,
///   Friday 0.9, Saturday 0.45, Sunday 0 (closed);
/// - time of day (weights by the interval's midpoint, normalised to sum 1 per day): open
///   08:00–19:00 on weekdays, with 08:00 1.5, 08:30–10:00 2.0 (morning peak), 10:00–12:00 1.5,
///   12:00 0.9, 12:30–13:30 0.35 (lunch dip), 13:30 0.8, 14:00–17:00 1.0, 17:00 0.85,
///   18:00–19:00 0.55; Saturday 08:00–12:00 only, same morning weights;
/// - a mild trend `g = ln(1 + trendPerYear) / 365` per day since `start`;
/// - public holidays at `holidayFactor` (near zero) of a normal day.
///
/// Every interval of every day is emitted (zeros included), except `missingDays`. Randomness
/// comes from ``SplitMix64`` seeded with `seed`: the same configuration gives the same history.
package struct SyntheticHistory: Sendable, Hashable {
    package var start: LocalDate
    package var weeks: Int
    package var intervalMinutes: Int
    /// Mean calls on a plain Tuesday at `start`.
    package var tuesdayCalls: Double
    /// Gamma shape `k` of the day-level noise.
    package var dayNoiseShape: Double
    /// Relative growth over a year (0.1 = +10 %).
    package var trendPerYear: Double
    package var holidays: Set<LocalDate>
    package var holidayFactor: Double
    package var missingDays: Set<LocalDate>
    package var seed: UInt64

    package init(
        start: LocalDate, weeks: Int, intervalMinutes: Int = 30, tuesdayCalls: Double = 300, dayNoiseShape: Double = 40,
        trendPerYear: Double = 0.1, holidays: Set<LocalDate> = [], holidayFactor: Double = 0.03,
        missingDays: Set<LocalDate> = [], seed: UInt64 = 42
    ) {
        precondition(intervalMinutes > 0 && 1440 % intervalMinutes == 0 && weeks >= 0 && dayNoiseShape >= 1)
        self.start = start
        self.weeks = weeks
        self.intervalMinutes = intervalMinutes
        self.tuesdayCalls = tuesdayCalls
        self.dayNoiseShape = dayNoiseShape
        self.trendPerYear = trendPerYear
        self.holidays = holidays
        self.holidayFactor = holidayFactor
        self.missingDays = missingDays
        self.seed = seed
    }

    static let weekdayFactor: [Double] = [1.35, 1.0, 0.9, 0.95, 0.9, 0.45, 0] // ISO Monday…Sunday

    /// Unnormalised time-of-day weight at `hour` (decimal) on an ISO weekday.
    static func weight(hour h: Double, isoWeekday: Int) -> Double {
        if isoWeekday == 7 || h < 8 || h >= 19 { return 0 }
        if isoWeekday == 6 && h >= 12 { return 0 }
        switch h {
        case ..<8.5: return 1.5
        case ..<10: return 2.0
        case ..<12: return 1.5
        case ..<12.5: return 0.9
        case ..<13.5: return 0.35
        case ..<14: return 0.8
        case ..<17: return 1.0
        case ..<18: return 0.85
        default: return 0.55
        }
    }

    /// The Poisson mean of an interval before the day-level noise, `λ(d, s)` above.
    package func expectedCalls(in interval: IntervalKey) -> Double {
        let w = interval.date.weekday.isoNumber
        let slots = 1440 / intervalMinutes
        func weight(_ slot: Int) -> Double { Self.weight(hour: (Double(slot) + 0.5) * Double(intervalMinutes) / 60, isoWeekday: w) }
        let total = (0..<slots).reduce(0) { $0 + weight($1) }
        guard total > 0 else { return 0 }
        let t = Double(start.days(until: interval.date))
        let trend = exp(log(1 + trendPerYear) / 365 * t)
        let holiday = holidays.contains(interval.date) ? holidayFactor : 1
        return tuesdayCalls * Self.weekdayFactor[w - 1] * weight(interval.minuteOfDay / intervalMinutes) / total * trend * holiday
    }

    /// The history, day by day and interval by interval.
    package func generate() -> [ArrivalCount] {
        var rng = SplitMix64(seed: seed)
        var out: [ArrivalCount] = []
        let slots = 1440 / intervalMinutes
        for dayIndex in 0..<(weeks * 7) {
            let date = start.adding(days: dayIndex)
            let level = rng.nextGammaMeanOne(shape: dayNoiseShape) // drawn for every day: missing days keep the sequence
            if missingDays.contains(date) { continue }
            for slot in 0..<slots {
                let key = IntervalKey(date: date, minuteOfDay: slot * intervalMinutes)
                out.append(ArrivalCount(interval: key, count: rng.nextPoisson(mean: level * expectedCalls(in: key))))
            }
        }
        return out
    }
}
