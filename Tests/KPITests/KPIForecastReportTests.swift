import Foundation
import JSONRPC
import Kernel
import PermanenceTesting
import Practice
import Testing

@testable import KPI

/// Forecast, backtest and report on a realistic generated history stored as imported call records.
@Suite struct KPIForecastReportTests {
    static let zone = TimeZone(identifier: "Europe/Paris")!
    static let holidays: Set<LocalDate> = Set([2025, 2026].flatMap { FrenchHolidays.holidays(year: $0).map(\.date) })
    /// 26 weeks from Monday 2025-10-06 (to Sunday 2026-04-05), French holidays, two missing days (see ``SyntheticHistory``).
    static let history = SyntheticHistory(
        start: LocalDate(year: 2025, month: 10, day: 6)!, weeks: 26, holidays: holidays,
        missingDays: [LocalDate(year: 2026, month: 2, day: 3)!, LocalDate(year: 2026, month: 3, day: 12)!],
        seed: 2026)
    /// Each generated arrival as an answered call (10 s wait, 3 min talk), spread evenly over its interval.
    static let records: [CallRecord] = history.generate().flatMap { a -> [CallRecord] in
        guard a.count > 0 else { return [] }
        let start = LocalDateTime(a.interval.date, LocalTime(minutesSinceMidnight: a.interval.minuteOfDay)!).instantOrNextValid(in: zone)
        return (0..<a.count).map { i in
            let offered = start.addingTimeInterval(Double(i) * 1800 / Double(a.count))
            return CallRecord(
                callId: "\(a.interval.date)-\(a.interval.minuteOfDay)-\(i)", queue: "centre", offeredAt: offered,
                answeredAt: offered.addingTimeInterval(10), endedAt: offered.addingTimeInterval(190),
                waitSeconds: Double(i % 40), talkSeconds: Double(60 + (i * 37) % 400), outcome: .answered)
        }
    }

    static func harness() async throws -> KPIHarness {
        let h = try await KPIHarness(now: RFC3339.parse("2026-04-06T07:00:00+02:00")!)
        try await h.host.store.write { db in try KPICallStore.insert(records, practiceId: h.host.practiceId, importedAt: Date(timeIntervalSince1970: 0), in: db)
        }
        return h
    }

    @Test func backtestBeatsWeeklySeasonalNaiveByTenPercent() async throws {
        let h = try await Self.harness()
        let r = try await h.ok("kpi.backtest", ["origins": 8, "horizonDays": 7])
        let model = try #require(r["modelWAPE"]?.doubleValue)
        let naive = try #require(r["seasonalNaiveWAPE"]?.doubleValue)
        print(
            "kpi.backtest on the generated history: model WAPE \(model), seasonal-naive WAPE \(naive), improvement \(1 - model / naive), coverage \(r["intervalCoverage"]?.doubleValue ?? -1)"
        )
        #expect(model <= 0.9 * naive)
        #expect(r["origins"]?.arrayValue?.count == 8)
        let coverage = try #require(r["intervalCoverage"]?.doubleValue)
        #expect(coverage > 0.7 && coverage < 0.9)
        let e = await h.error("kpi.backtest", ["origins": 40])
        #expect(e?.code.rawValue == -32022 && e?.data?["field"]?.stringValue == "origins")
    }

    @Test func forecastHasPredictionIntervalsAndLowHolidays() async throws {
        let h = try await Self.harness()
        let r = try await h.ok("kpi.forecast", ["horizonDays": 7, "intervalMinutes": 30])
        #expect(r["start"]?.stringValue == "2026-04-06")
        let rows = try #require(r["intervals"]?.arrayValue)
        for row in rows {
            let e = row["expected"]?.doubleValue ?? -1
            #expect(Double(row["lower"]?.intValue ?? 99_999) <= e.rounded(.up) && e.rounded(.down) <= Double(row["upper"]?.intValue ?? -1))
        }
        func total(_ d: String) -> Double { rows.filter { $0["date"]?.stringValue == d }.reduce(0) { $0 + ($1["expected"]?.doubleValue ?? 0) } }
        #expect(total("2026-04-06") < 0.2 * total("2026-04-07")) // Easter Monday
        #expect(total("2026-04-12") == 0) // Sunday
        #expect(rows.first?["start"]?.stringValue?.hasSuffix("+02:00") == true)
        let staffing = try await h.ok("kpi.staffing", ["horizonDays": 7, "start": "2026-04-07"])
        #expect(staffing["ahtSource"]?.stringValue == "history")
        #expect((staffing["fullTimeEquivalents"]?.doubleValue ?? 0) > 1)
    }

    /// Words of the report's former English body: none may reach a French manager.
    static let englishWords = [
        "Service level", "Offered", "Answered", "Abandoned", "Forecast", "Required", "Scheduled", "Summary",
        "Per day", "Indicator", "Value", "Calls", "Mean", "Median", "Channel", "Motive", "Share", "Target",
        "KPI report", "Period", "end excluded", "Contacts (all", "rate", "answeredWithin", "10+ min"
    ]

    @Test func reportSpeaksFrenchInEveryLabel() async throws {
        let h = try await Self.harness()
        let r = try await h.ok("kpi.report", ["from": "2026-03-09T00:00:00+01:00", "to": "2026-04-06T00:00:00+02:00", "format": "all"])
        let html = try #require(r["html"]?.stringValue)
        #expect(html.contains("<html lang=\"fr\">"))
        #expect(html.contains("Rapport d'activité"))
        // The QS definition in words, never the configuration's enum.
        #expect(html.contains("Qualité de service (appels décrochés en moins de 20 s / appels présentés)"))
        #expect(html.contains("Période : 09/03/2026 – 05/04/2026"))
        #expect(html.contains("<th>Appels présentés</th>") && html.contains("<th>Prévision</th>"))
        #expect(html.contains("10 min et plus"))
        for word in Self.englishWords { #expect(!html.contains(word), "English in the French report: \(word)") }
        let summary = try #require(r["csv"]?["summary.csv"]?.stringValue)
        #expect(summary.contains("Taux d'abandon") && !summary.contains("answeredWithin"))
    }

    @Test func reportWithoutHistorySaysSoInsteadOfAFlatZeroForecast() async throws {
        let h = try await KPIHarness(now: RFC3339.parse("2026-04-06T07:00:00+02:00")!)
        // Calls inside the period only: nothing before it to forecast from.
        let inside = Self.records.filter { $0.offeredAt >= RFC3339.parse("2026-03-30T00:00:00+02:00")! }
        _ = try await h.host.store.write { db in
            try KPICallStore.insert(inside, practiceId: h.host.practiceId, importedAt: Date(timeIntervalSince1970: 0), in: db)
        }
        let r = try await h.ok("kpi.report", ["from": "2026-03-30T00:00:00+02:00", "to": "2026-04-06T00:00:00+02:00", "format": "all"])
        let html = try #require(r["html"]?.stringValue)
        #expect(html.contains("pas d'historique d'appels avant le début de la période"))
        #expect(html.contains("Prévision : pas d'historique"))
        // The per-day table: no 0,0 forecast, and the forecast line is not drawn.
        #expect(html.contains("<td>pas d'historique</td>"))
        #expect(!html.contains("<td>0,0</td><td>0,0</td>"))
        #expect(!html.contains("stroke=\"#ff7f0e\" stroke-width"))
        let daily = try #require(r["csv"]?["daily.csv"]?.stringValue).split(separator: "\r\n")
        #expect(daily[1].split(separator: ",", omittingEmptySubsequences: false)[7] == "")
    }

    @Test func reportFollowsAnEnglishLocale() async throws {
        let yaml = ExamplePractice.yaml.replacingOccurrences(of: "  locale: fr-FR", with: "  locale: en-GB")
        let h = try await KPIHarness(yaml: yaml, now: RFC3339.parse("2026-04-06T07:00:00+02:00")!)
        _ = try await h.host.store.write { db in
            try KPICallStore.insert(Self.records, practiceId: h.host.practiceId, importedAt: Date(timeIntervalSince1970: 0), in: db)
        }
        let r = try await h.ok("kpi.report", ["from": "2026-03-09T00:00:00+01:00", "to": "2026-04-06T00:00:00+02:00"])
        let html = try #require(r["html"]?.stringValue)
        #expect(html.contains("<html lang=\"en\">") && html.contains("Activity report"))
        #expect(html.contains("Service level (calls answered within 20 s / offered calls)"))
        #expect(!html.contains("Qualité") && !html.contains("answeredWithin"))
    }

    @Test func reportIsOneSelfContainedPageWithChartsAndCSV() async throws {
        let h = try await Self.harness()
        let r = try await h.ok("kpi.report", ["from": "2026-03-09T00:00:00+01:00", "to": "2026-04-06T00:00:00+02:00", "format": "all"])
        let html = try #require(r["html"]?.stringValue)
        #expect(html.components(separatedBy: "<svg").count - 1 == 4)
        #expect(!html.contains("<script") && !html.contains("src=") && !html.contains("href=")) // self-contained
        #expect(html.contains("Qualité de service par jour") && html.contains("Appels présentés et prévision"))
        #expect(html.contains("Heures d'agents nécessaires et planifiées") && html.contains("Répartition des durées de communication"))
        #expect(!html.contains("pas d'historique"))
        let csv = try #require(r["csv"]?.objectValue)
        #expect(Set(csv.keys).isSuperset(of: ["daily.csv", "intervals.csv", "dmc-distribution.csv", "summary.csv", "channel-mix.csv"]))
        let daily = try #require(csv["daily.csv"]?.stringValue).split(separator: "\r\n")
        #expect(daily.count == 1 + 28)
        #expect(daily[0].hasPrefix("date,offered,answered"))

        // Headless Chromium renders it; the screenshot must be a real picture, not a blank page.
        let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let chromium else {
            Issue.record("headless Chromium is not installed: apt-get install -y chromium (Debian package) to check the report renders")
            return
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kpi-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let page = dir.appendingPathComponent("report.html")
        let png = dir.appendingPathComponent("report.png")
        try Data(html.utf8).write(to: page)
        // No network, no first-run work: the page is self-contained, and a browser that hangs is killed, not waited for.
        _ = try ChildProcess.run(
            chromium,
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--hide-scrollbars", "--user-data-dir=\(dir.path)/profile",
                "--screenshot=\(png.path)", "--window-size=1000,1800", page.absoluteString
            ], seconds: 120)
        let data = try Data(contentsOf: png)
        #expect(data.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        #expect(data.count > 30_000) // a blank 1000×1800 PNG is a few kilobytes
    }
}
