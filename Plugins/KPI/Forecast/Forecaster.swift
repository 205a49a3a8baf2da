import Foundation
package import Practice

/// Prévisions: forecasts of calls per interval from the history of arrivals.
///
/// Model, a log-linear Poisson regression fitted by exact maximum likelihood on the last
/// ``fitWeeks`` weeks of non-holiday days present in the history (`t_d` = days from the last
/// history date, so `t ≤ 0`):
///
/// `μ(d, s) = r(weekday(d), s) · e^{β · t_d}`
///
/// - `β` (trend per day) maximises the profile likelihood, by Newton's method on
///   `Σ_w [Σ_{d∈w} Y_d t_d − Y_w · Σ_{d∈w} t_d e^{βt_d} / Σ_{d∈w} e^{βt_d}] = 0`
///   (`Y_d` day totals, `Y_w` weekday totals), clamped to ±5 %/day;
/// - given `β`, `r(w, s) = Σ_{d∈w} y(d, s) / Σ_{d∈w} e^{βt_d}` (weekday × time-of-day seasonality);
/// - the forecast `h` days after the last history date uses a damped trend:
///   `μ = r · e^{β · φ(1 − φʰ)/(1 − φ)}` with `φ` = ``trendDamping``;
/// - holidays are left out of the fit; a forecast holiday is a low day: `μ` times the ratio
///   observed ÷ modelled over the holidays in the history, or ``defaultHolidayFactor`` when
///   the history has none;
/// - prediction intervals: central ``coverage`` quantiles of a negative binomial with mean `μ`
///   and overdispersion `α = max(0, Σ[(y − μ)²·n_w/(n_w − 1) − y] / Σ μ²)` (moments of the
///   Pearson residuals over the fit, `n_w` days of weekday `w`); `α = 0` is Poisson.
///
/// Missing days are simply absent; within a day present in the history, an interval without
/// a record counts 0 calls. Days with no fitted data for their weekday forecast 0 (closed).
package struct Forecaster: Sendable, Hashable {
    package var intervalMinutes: Int
    package var fitWeeks: Int
    package var trendDamping: Double
    package var coverage: Double
    package var defaultHolidayFactor: Double

    package init(intervalMinutes: Int = 30, fitWeeks: Int = 12, trendDamping: Double = 0.98, coverage: Double = 0.8, defaultHolidayFactor: Double = 0.05) {
        precondition(intervalMinutes > 0 && 1440 % intervalMinutes == 0 && fitWeeks > 0)
        precondition(trendDamping > 0 && trendDamping <= 1 && coverage > 0 && coverage < 1 && defaultHolidayFactor >= 0)
        self.intervalMinutes = intervalMinutes
        self.fitWeeks = fitWeeks
        self.trendDamping = trendDamping
        self.coverage = coverage
        self.defaultHolidayFactor = defaultHolidayFactor
    }

    /// One forecast interval.
    package struct Interval: Sendable, Hashable, Codable {
        package var interval: IntervalKey
        package var mean: Double
        /// Lower and upper bounds of the central prediction interval.
        package var lower: Int
        package var upper: Int
    }

    /// A forecast and the fitted parameters behind it.
    package struct Forecast: Sendable, Hashable, Codable {
        package var intervals: [Interval]
        /// `β`, the fitted trend per day on the log scale.
        package var trendPerDay: Double
        /// `α` of the negative binomial.
        package var overdispersion: Double
        package var holidayFactor: Double
        package var coverage: Double
    }

    /// Forecast of `horizonDays` days starting at `start` (default: the day after the last
    /// history date). History dates on or after `start` are ignored.
    package func forecast(history: [ArrivalCount], holidays: Set<LocalDate> = [], start: LocalDate? = nil, horizonDays: Int) -> Forecast {
        precondition(horizonDays >= 0)
        let slots = 1440 / intervalMinutes
        var days: [LocalDate: [Double]] = [:]
        for a in history where start.map({ a.interval.date < $0 }) ?? true {
            days[a.interval.date, default: Array(repeating: 0, count: slots)][a.interval.minuteOfDay / intervalMinutes] += Double(a.count)
        }
        guard let last = days.keys.max() else {
            let s = start ?? LocalDate(daysSince1970: 0)
            let intervals = (0..<horizonDays).flatMap { d in
                (0..<slots).map { Interval(interval: IntervalKey(date: s.adding(days: d), minuteOfDay: $0 * intervalMinutes), mean: 0, lower: 0, upper: 0) }
            }
            return Forecast(intervals: intervals, trendPerDay: 0, overdispersion: 0, holidayFactor: defaultHolidayFactor, coverage: coverage)
        }
        let first = start ?? last.adding(days: 1)
        let fitDays = days.keys.filter { !holidays.contains($0) && last.days(until: $0) > -fitWeeks * 7 }
        var byWeekday: [[LocalDate]] = Array(repeating: [], count: 8)
        for d in fitDays { byWeekday[d.weekday.isoNumber].append(d) }
        func t(_ d: LocalDate) -> Double { Double(last.days(until: d)) }
        func total(_ d: LocalDate) -> Double { days[d]!.reduce(0, +) }

        // Profile likelihood for β, Newton's method.
        var beta = 0.0
        for _ in 0..<50 {
            var score = 0.0
            var information = 0.0
            for group in byWeekday where !group.isEmpty {
                let yw = group.reduce(0) { $0 + total($1) }
                guard yw > 0 else { continue }
                var s0 = 0.0
                var s1 = 0.0
                var s2 = 0.0
                for d in group {
                    let e = exp(beta * t(d))
                    s0 += e
                    s1 += t(d) * e
                    s2 += t(d) * t(d) * e
                }
                let mean = s1 / s0
                score += group.reduce(0) { $0 + total($1) * t($1) } - yw * mean
                information += yw * (s2 / s0 - mean * mean)
            }
            guard information > 0 else { break }
            let step = score / information
            beta = min(0.05, max(-0.05, beta + step))
            if abs(step) < 1e-12 { break }
        }

        // Rates per weekday and slot at t = 0.
        var rate = Array(repeating: Array(repeating: 0.0, count: slots), count: 8)
        for w in 1...7 where !byWeekday[w].isEmpty {
            let exposure = byWeekday[w].reduce(0) { $0 + exp(beta * t($1)) }
            for d in byWeekday[w] { for s in 0..<slots { rate[w][s] += days[d]![s] } }
            for s in 0..<slots { rate[w][s] /= exposure }
        }
        func fitted(_ d: LocalDate, _ s: Int) -> Double { rate[d.weekday.isoNumber][s] * exp(beta * t(d)) }

        // Overdispersion from the Pearson residuals.
        var excess = 0.0
        var squares = 0.0
        for w in 1...7 where byWeekday[w].count > 1 {
            let correction = Double(byWeekday[w].count) / Double(byWeekday[w].count - 1)
            for d in byWeekday[w] {
                for s in 0..<slots {
                    let mu = fitted(d, s)
                    let y = days[d]![s]
                    guard mu > 0 else { continue }
                    excess += (y - mu) * (y - mu) * correction - y
                    squares += mu * mu
                }
            }
        }
        let alpha = squares > 0 ? max(0, excess / squares) : 0

        // Holidays: observed over modelled.
        var holidayObserved = 0.0
        var holidayModelled = 0.0
        for d in days.keys where holidays.contains(d) {
            holidayObserved += total(d)
            holidayModelled += (0..<slots).reduce(0) { $0 + fitted(d, $1) }
        }
        let holidayFactor = holidayModelled > 0 ? holidayObserved / holidayModelled : defaultHolidayFactor

        let phi = trendDamping
        let lowP = (1 - coverage) / 2
        let highP = (1 + coverage) / 2
        var intervals: [Interval] = []
        intervals.reserveCapacity(horizonDays * slots)
        for dayOffset in 0..<horizonDays {
            let d = first.adding(days: dayOffset)
            let h = Double(last.days(until: d))
            let damped = h <= 0 ? h : (phi == 1 ? h : phi * (1 - pow(phi, h)) / (1 - phi))
            let factor = exp(beta * damped) * (holidays.contains(d) ? holidayFactor : 1)
            for s in 0..<slots {
                let mu = rate[d.weekday.isoNumber][s] * factor
                let dist = CountDistribution(mean: mu, overdispersion: alpha)
                intervals.append(
                    Interval(
                        interval: IntervalKey(date: d, minuteOfDay: s * intervalMinutes), mean: mu, lower: dist.quantile(lowP), upper: dist.quantile(highP)))
            }
        }
        return Forecast(intervals: intervals, trendPerDay: beta, overdispersion: alpha, holidayFactor: holidayFactor, coverage: coverage)
    }
}
