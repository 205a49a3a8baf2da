package import Practice

/// Rolling-origin backtest of a ``Forecaster`` beside the weekly seasonal-naive baseline.
///
/// Origin `i` (`i = 0…origins−1`) starts at `lastDate + 1 − horizonDays − i · spacingDays`; the
/// forecaster sees only the history before it and forecasts `horizonDays` days. The baseline
/// predicts each interval by the same interval on the same weekday in the last week before
/// the origin. An interval is scored when its day is present in the history and the
/// baseline's source day is too; both methods are scored on the same intervals.
///
/// WAPE (weighted absolute percentage error) = `Σ |actual − forecast| / Σ actual`, over all
/// scored intervals of all origins.
package struct Backtest: Sendable, Hashable {
    package struct Origin: Sendable, Hashable, Codable {
        package var start: LocalDate
        package var actualCalls: Double
        package var modelAbsoluteError: Double
        package var naiveAbsoluteError: Double
        /// Scored open intervals (forecast mean > 0) whose actual count lies within the prediction interval.
        package var covered: Int
        /// Scored open intervals (forecast mean > 0).
        package var openIntervals: Int
        package var scoredIntervals: Int
        package var modelWAPE: Double { actualCalls > 0 ? modelAbsoluteError / actualCalls : 0 }
        package var seasonalNaiveWAPE: Double { actualCalls > 0 ? naiveAbsoluteError / actualCalls : 0 }
    }

    package let origins: [Origin]

    package init(
        history: [ArrivalCount], holidays: Set<LocalDate> = [], forecaster: Forecaster = Forecaster(),
        origins count: Int = 8, horizonDays: Int = 7, spacingDays: Int = 7
    ) {
        precondition(count > 0 && horizonDays > 0 && spacingDays > 0)
        let step = forecaster.intervalMinutes
        let slots = 1440 / step
        var days: [LocalDate: [Double]] = [:]
        for a in history { days[a.interval.date, default: Array(repeating: 0, count: slots)][a.interval.minuteOfDay / step] += Double(a.count) }
        guard let last = days.keys.max() else {
            origins = []
            return
        }
        var result: [Origin] = []
        for i in 0..<count {
            let start = last.adding(days: 1 - horizonDays - i * spacingDays)
            let forecast = forecaster.forecast(history: history, holidays: holidays, start: start, horizonDays: horizonDays)
            var origin = Origin(start: start, actualCalls: 0, modelAbsoluteError: 0, naiveAbsoluteError: 0, covered: 0, openIntervals: 0, scoredIntervals: 0)
            for f in forecast.intervals {
                let d = f.interval.date
                let weeksBack = (start.days(until: d) / 7) + 1
                guard let actualDay = days[d], let naiveDay = days[d.adding(days: -7 * weeksBack)] else { continue }
                let s = f.interval.minuteOfDay / step
                let y = actualDay[s]
                origin.actualCalls += y
                origin.modelAbsoluteError += abs(y - f.mean)
                origin.naiveAbsoluteError += abs(y - naiveDay[s])
                origin.scoredIntervals += 1
                if f.mean > 0 {
                    origin.openIntervals += 1
                    if Double(f.lower) <= y && y <= Double(f.upper) { origin.covered += 1 }
                }
            }
            result.append(origin)
        }
        origins = result
    }

    package var modelWAPE: Double { Self.wape(origins, \.modelAbsoluteError) }
    package var seasonalNaiveWAPE: Double { Self.wape(origins, \.naiveAbsoluteError) }
    /// Share of scored open intervals (forecast mean > 0) inside the prediction interval.
    package var intervalCoverage: Double {
        let n = origins.reduce(0) { $0 + $1.openIntervals }
        return n > 0 ? Double(origins.reduce(0) { $0 + $1.covered }) / Double(n) : 0
    }

    private static func wape(_ origins: [Origin], _ error: KeyPath<Origin, Double>) -> Double {
        let actual = origins.reduce(0) { $0 + $1.actualCalls }
        return actual > 0 ? origins.reduce(0) { $0 + $1[keyPath: error] } / actual : 0
    }
}
