import Foundation
import Practice
import Testing

@testable import KPI

@Suite struct ForecastTests {
    /// French public holidays between October 2025 and April 2026.
    static let holidays: Set<LocalDate> = ["2025-11-01", "2025-11-11", "2025-12-25", "2026-01-01", "2026-04-06"].map { LocalDate($0)! }.reduce(into: []) {
        $0.insert($1)
    }
    static let generator = SyntheticHistory(
        start: LocalDate(year: 2025, month: 10, day: 6)!, weeks: 26, holidays: holidays,
        missingDays: [LocalDate(year: 2026, month: 2, day: 3)!, LocalDate(year: 2026, month: 3, day: 12)!], seed: 2026)
    static let history = generator.generate()

    @Test func generatorIsDeterministicAndShaped() {
        #expect(Self.generator.generate() == Self.history)
        #expect(
            SyntheticHistory(start: Self.generator.start, weeks: 1, seed: 1).generate()
                != SyntheticHistory(start: Self.generator.start, weeks: 1, seed: 2).generate())
        var byWeekday = Array(repeating: 0, count: 8)
        for a in Self.history { byWeekday[a.interval.date.weekday.isoNumber] += a.count }
        #expect(byWeekday[7] == 0) // closed on Sunday
        #expect(byWeekday[1] > byWeekday[2]) // Monday peak
        #expect(byWeekday[6] < byWeekday[5]) // Saturday morning only
        let saturdayAfternoon = Self.history.filter { $0.interval.date.weekday.isoNumber == 6 && $0.interval.minuteOfDay >= 720 }
        #expect(saturdayAfternoon.allSatisfy { $0.count == 0 })
        let christmas = Self.history.filter { $0.interval.date == LocalDate(year: 2025, month: 12, day: 25)! }.reduce(0) { $0 + $1.count }
        #expect(christmas < 30)
        #expect(!Self.history.contains { $0.interval.date == LocalDate(year: 2026, month: 2, day: 3)! })
    }

    @Test func backtestBeatsSeasonalNaive() {
        let backtest = Backtest(history: Self.history, holidays: Self.holidays, origins: 8, horizonDays: 7, spacingDays: 7)
        #expect(backtest.origins.count == 8)
        let model = backtest.modelWAPE
        let naive = backtest.seasonalNaiveWAPE
        let improvement = 1 - model / naive
        print(
            "Backtest over 8 origins × 7 days: model WAPE \(model), seasonal-naive WAPE \(naive), relative improvement \(improvement), 80 % interval coverage \(backtest.intervalCoverage)"
        )
        for o in backtest.origins { print("  origin \(o.start): model \(o.modelWAPE) naive \(o.seasonalNaiveWAPE)") }
        #expect(improvement >= 0.10)
        #expect(backtest.intervalCoverage > 0.72 && backtest.intervalCoverage < 0.88)
    }

    @Test func forecastHandlesHolidaysTrendAndClosedDays() {
        let f = Forecaster().forecast(history: Self.history, holidays: Self.holidays, horizonDays: 14)
        #expect(f.intervals.count == 14 * 48)
        #expect(f.intervals.first?.interval.date == LocalDate(year: 2026, month: 4, day: 6)!)
        func dayTotal(_ d: LocalDate) -> Double { f.intervals.filter { $0.interval.date == d }.reduce(0) { $0 + $1.mean } }
        let easterMonday = dayTotal(LocalDate(year: 2026, month: 4, day: 6)!)
        let nextMonday = dayTotal(LocalDate(year: 2026, month: 4, day: 13)!)
        #expect(easterMonday < 0.1 * nextMonday)
        #expect(dayTotal(LocalDate(year: 2026, month: 4, day: 12)!) == 0) // Sunday
        #expect(f.trendPerDay > -0.01 && f.trendPerDay < 0.01)
        #expect(f.overdispersion > 0)
        #expect(f.intervals.allSatisfy { Double($0.lower) <= $0.mean.rounded(.up) && $0.mean.rounded(.down) <= Double($0.upper) })
        print("Forecast: trend/day \(f.trendPerDay), overdispersion \(f.overdispersion), holiday factor \(f.holidayFactor), next Monday \(nextMonday) calls")
    }

    @Test(arguments: [(4.0, 0.0, 0.5, 4), (4, 0, 0.9, 7), (0, 0.3, 0.9, 0), (100, 0.05, 0.5, 98), (100, 0, 0.975, 120)])
    func countQuantiles(mean: Double, alpha: Double, p: Double, expected: Int) {
        // Poisson(4): P(≤3) = 0.433, P(≤4) = 0.629 → median 4; P(≤6) = 0.889, P(≤7) = 0.949 → q0.9 = 7.
        // NB(μ 100, α 0.05): median 98 (scipy.stats.nbinom(20, 1/6).ppf(0.5)); Poisson(100) q0.975 = 120.
        #expect(CountDistribution(mean: mean, overdispersion: alpha).quantile(p) == expected)
    }
}
