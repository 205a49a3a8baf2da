package import Foundation
import JSONRPC
package import Kernel
package import Practice

/// The period report: one self-contained HTML page (inline CSS and SVG, no script, no external
/// resource) with the service level per day, arrivals against forecast, required against scheduled
/// agent-hours, the DMC distribution and the tables; and a CSV file for every series.
///
/// Every label of the page is in the practice's language (`KPIReportWording`, French by
/// default); when no call precedes the period there is no forecast, and the page says so
/// rather than drawing a flat 0.
package struct KPIReport: Sendable {
    /// One local day of the period.
    package struct Day: Sendable {
        package var date: LocalDate
        package var offered: Int
        package var answered: Int
        package var abandoned: Int
        package var serviceLevel: Double?
        package var averageSpeedOfAnswer: Double?
        package var dmc: Double?
        /// Nil when there is no history to forecast from.
        package var forecast: Double?
        package var requiredAgentHours: Double?
        package var scheduledAgentHours: Double
    }

    package var from: Date
    package var to: Date
    package var practiceName: String
    package var summary: KPISummary
    package var days: [Day]
    /// Per interval: date, time, forecast calls, required agents (with shrinkage), scheduled agents.
    package var intervals: [(date: LocalDate, time: String, forecast: Double, required: Int, scheduled: Int)]
    /// DMC distribution: calls per one-minute band of talk time (the last band is "10 min and more").
    package var talkBands: [Int]
    package var ahtSeconds: Double
    package var targetServiceLevel: Double
    /// The practice's zone, in which the period is shown.
    package var timeZone: TimeZone
    /// Whether calls precede the period: without them there is no forecast nor requirement.
    package var hasHistory: Bool
    package var wording: KPIReportWording
    /// The agenda's figures (no-shows, reminders, waiting list, SMS), when the agenda runs.
    package var appointments: AppointmentFigureSet?

    /// Longest period a report covers.
    package static let maximumDays = 366

    /// The report of the practices of `pool` (one, or several) over `[from, to)`.
    package static func build(from: Date, to: Date, kpi: KPIContext, pool: KPIPoolSettings, store: Store, now: Date) async throws -> KPIReport {
        let practiceIds = pool.practiceIds
        let s = pool.settings(kpi.settings)
        let zone = kpi.directory.timeZone
        let d = try await kpi.dataset(from: from, to: to, practiceIds: practiceIds, store: store)
        let summary = KPISummary(dataset: d, settings: s, practiceIds: practiceIds)
        let first = LocalDate(from, in: zone)
        let last = LocalDate(to.addingTimeInterval(-0.001), in: zone)
        let dayCount = first.days(until: last) + 1
        let history = try await ArrivalHistory.load(
            before: from, intervalMinutes: s.intervalMinutes, directory: kpi.directory, practiceIds: practiceIds, store: store)
        let forecast = Forecaster(intervalMinutes: s.intervalMinutes)
            .forecast(history: history.counts, holidays: history.holidays, start: first, horizonDays: dayCount)
        let aht = try await kpi.historicalAHT(now: from, practiceIds: practiceIds, store: store) ?? s.defaultAhtSeconds
        let staffing = Staffing(
            intervalMinutes: s.intervalMinutes, averageHandleTimeSeconds: max(1, aht),
            target: ServiceTarget(serviceLevel: s.serviceLevelTarget, thresholdSeconds: s.serviceLevelSeconds, maxOccupancy: s.maxOccupancy),
            shrinkage: Shrinkage(s.shrinkage))
        let cap = KPIErlangMethod.maximumTraffic * Double(s.intervalMinutes * 60) / max(1, aht)
        let plan = staffing.plan(forecast.intervals.map { Staffing.Volume(interval: $0.interval, calls: min($0.mean, cap)) })
        var required: [IntervalKey: Int] = [:]
        for r in plan.requirements { required[r.interval] = r.scheduledAgents }
        var byDay: [LocalDate: [KPIContact]] = [:]
        for c in d.contacts { byDay[LocalDate(c.offeredAt, in: zone), default: []].append(c) }
        var forecastByDay: [LocalDate: Double] = [:]
        for f in forecast.intervals { forecastByDay[f.interval.date, default: 0] += f.mean }
        var intervals: [(date: LocalDate, time: String, forecast: Double, required: Int, scheduled: Int)] = []
        var days: [Day] = []
        let hours = Double(s.intervalMinutes) / 60
        for f in forecast.intervals {
            let sched = s.scheduled(on: f.interval.date.weekday, minuteOfDay: f.interval.minuteOfDay)
            let req = required[f.interval] ?? 0
            if f.mean > 0 || sched > 0 { intervals.append((f.interval.date, kpi.time(f.interval), f.mean, req, sched)) }
        }
        let hasHistory = !history.counts.isEmpty
        for i in 0..<dayCount {
            let date = first.adding(days: i)
            let calls = (byDay[date] ?? []).compactMap(\.call)
            let ind = CallIndicators(records: calls, serviceLevelSeconds: s.serviceLevelSeconds, shortAbandonSeconds: s.shortAbandonSeconds)
            let dayIntervals = intervals.filter { $0.date == date }
            days.append(
                Day(
                    date: date, offered: ind.offered, answered: ind.answered, abandoned: ind.abandoned,
                    serviceLevel: ind.serviceLevel(s.serviceLevelVariant), averageSpeedOfAnswer: ind.averageSpeedOfAnswerSeconds,
                    dmc: ind.averageTalkSeconds, forecast: hasHistory ? forecastByDay[date] ?? 0 : nil,
                    requiredAgentHours: hasHistory ? Double(dayIntervals.reduce(0) { $0 + $1.required }) * hours : nil,
                    scheduledAgentHours: Double(dayIntervals.reduce(0) { $0 + $1.scheduled }) * hours))
        }
        var bands = Array(repeating: 0, count: 11)
        for t in summary.talkTime.calls > 0 ? CallIndicators(records: d.calls).talkSeconds : [] { bands[min(10, Int(t / 60))] += 1 }
        return KPIReport(
            from: from, to: to, practiceName: pool.isPool ? pool.name : kpi.directory.profile.name, summary: summary, days: days,
            intervals: intervals, talkBands: bands, ahtSeconds: aht, targetServiceLevel: s.serviceLevelTarget, timeZone: zone,
            hasHistory: hasHistory, wording: .for(locale: kpi.directory.profile.locale))
    }

    // MARK: CSV

    /// Every series as CSV files (RFC 4180, `.` decimals, header line), by file name.
    package var csvFiles: [String: String] {
        func n(_ v: Double?) -> String { v.map { String(format: "%.4f", $0) } ?? "" }
        func csv(_ header: [String], _ rows: [[String]]) -> String {
            ([header] + rows).map { $0.map(Self.csvField).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
        }
        var files: [String: String] = [:]
        files["daily.csv"] = csv(
            [
                "date", "offered", "answered", "abandoned", "service_level", "asa_seconds", "dmc_seconds",
                "forecast_calls", "required_agent_hours", "scheduled_agent_hours"
            ],
            days.map {
                [
                    "\($0.date)", "\($0.offered)", "\($0.answered)", "\($0.abandoned)", n($0.serviceLevel),
                    n($0.averageSpeedOfAnswer), n($0.dmc), n($0.forecast), n($0.requiredAgentHours), n($0.scheduledAgentHours)
                ]
            })
        files["intervals.csv"] = csv(
            ["date", "time", "forecast_calls", "required_agents", "scheduled_agents"],
            intervals.map {
                [
                    "\($0.date)", $0.time, hasHistory ? n($0.forecast) : "", hasHistory ? "\($0.required)" : "",
                    "\($0.scheduled)"
                ]
            })
        files["dmc-distribution.csv"] = csv(
            ["talk_from_seconds", "talk_to_seconds", "calls"],
            talkBands.enumerated().map { ["\($0.offset * 60)", $0.offset == 10 ? "" : "\(($0.offset + 1) * 60)", "\($0.element)"] })
        files["dmc-by-motive.csv"] = csv(
            ["motive", "calls", "dmc_seconds", "median_seconds", "p90_seconds"],
            summary.talkTimeByMotive.sorted { $0.key < $1.key }.map { [$0.key, "\($0.value.calls)", n($0.value.mean), n($0.value.median), n($0.value.p90)] })
        files["dmc-by-channel.csv"] = csv(
            ["channel", "calls", "dmc_seconds", "median_seconds", "p90_seconds"],
            summary.talkTimeByChannel.sorted { $0.key < $1.key }.map { [$0.key, "\($0.value.calls)", n($0.value.mean), n($0.value.median), n($0.value.p90)] })
        files["channel-mix.csv"] = csv(["channel", "contacts", "share"], summary.channelMix.map { [$0.channel, "\($0.contacts)", n($0.share)] })
        files["summary.csv"] = csv(["indicator", "value"], summaryRows.map { [$0.0, $0.1] })
        if let a = appointments {
            files["no-shows.csv"] = csv(
                ["dimension", "key", "appointments", "no_shows", "rate"],
                a.noShows.map { [$0.dimension, $0.key, "\($0.appointments)", "\($0.noShows)", n($0.rate)] })
            files["appointments.csv"] = csv(
                ["indicator", "value"],
                [
                    ["reminders_sent", "\(a.reminders.sent)"], ["reminders_confirmed", "\(a.reminders.confirmed)"],
                    ["reminders_cancelled", "\(a.reminders.cancelled)"], ["reminders_opted_out", "\(a.reminders.optedOut)"],
                    ["reminders_forwarded", "\(a.reminders.forwarded)"], ["confirmation_rate", n(a.reminders.confirmationRate)],
                    ["cancellation_rate", n(a.reminders.cancellationRate)], ["slots_freed", "\(a.backfill.slotsFreed)"],
                    ["offers_sent", "\(a.backfill.offersSent)"], ["slots_refilled", "\(a.backfill.slotsRefilled)"],
                    ["backfill_rate", n(a.backfill.backfillRate)], ["sms_messages", "\(a.sms.messages)"], ["sms_segments", "\(a.sms.segments)"]
                ])
        }
        return files
    }

    static func csvField(_ s: String) -> String {
        s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }

    var summaryRows: [(String, String)] {
        let s = summary
        let w = wording
        func short(_ text: String) -> String { text.replacingOccurrences(of: "{T}", with: String(Int(s.shortAbandonSeconds))) }
        return [
            (w.offered, "\(s.offered)"), (w.answered, "\(s.answered)"), (w.abandoned, "\(s.abandoned)"),
            (short(w.shortAbandons), "\(s.shortAbandons)"),
            ("\(w.serviceLevel) (\(w.serviceLevelDefinition(s.serviceLevelVariant, thresholdSeconds: s.serviceLevelSeconds)))", w.percent(s.serviceLevel)),
            (w.target, w.percent(targetServiceLevel)),
            (w.asa, w.seconds(s.averageSpeedOfAnswerSeconds)), (w.abandonmentRate, w.percent(s.abandonmentRate)),
            (w.abandonmentRateExcludingShort, w.percent(s.abandonmentRateExcludingShortAbandons)),
            (w.dmcMean, w.seconds(s.talkTime.mean)), (w.dmcMedian, w.seconds(s.talkTime.median)), (w.dmcP90, w.seconds(s.talkTime.p90)),
            (w.contacts, "\(s.contacts)"), (w.contactRate, w.percent(s.contactRate)),
            (w.recontactRate, w.percent(s.recontactRate)), (w.crossChannelRecontacts, "\(s.crossChannelRecontacts)"),
            (w.multiChannelPatients, "\(s.multiChannelPatients)"), (w.ahtForStaffing, w.seconds(ahtSeconds))
        ]
    }

    // MARK: HTML

    package var html: String {
        let e = SVGChart.escape
        let w = wording
        let labels = days.map { w.shortDate($0.date) }
        let slChart = SVGChart(
            title: "\(w.serviceLevelChart) (\(w.serviceLevelDefinition(summary.serviceLevelVariant, thresholdSeconds: summary.serviceLevelSeconds)))",
            labels: labels,
            series: [
                .init(name: w.serviceLevel, color: "#1f77b4", values: days.map(\.serviceLevel)),
                .init(name: w.target, color: "#d62728", values: days.map { _ in targetServiceLevel }, dashed: true)
            ], yMaximum: 1
        ) { w.number($0 * 100, decimals: 0) + w.percentSpacing + "%" }
        // Without history the forecast is not drawn at all (no flat 0): its legend says why.
        let arrivals = SVGChart(
            title: w.arrivalsChart, labels: labels,
            series: [
                .init(name: w.offered, color: "#2ca02c", values: days.map { Double($0.offered) }, kind: .bar),
                .init(name: hasHistory ? w.forecast : w.forecast + w.colon + w.noHistory, color: "#ff7f0e", values: days.map(\.forecast))
            ]
        ) { w.tick($0) }
        let agents = SVGChart(
            title: w.agentsChart, labels: labels,
            series: [
                .init(name: hasHistory ? w.required : w.required + w.colon + w.noHistory, color: "#9467bd", values: days.map(\.requiredAgentHours), kind: .bar),
                .init(name: w.scheduled, color: "#8c564b", values: days.map(\.scheduledAgentHours))
            ]
        ) { w.tick($0) + " h" }
        let dmc = SVGChart(
            title: w.dmcChart,
            labels: (0..<11).map { $0 == 10 ? w.tenMinutesAndMore : "\($0)–\($0 + 1) min" },
            series: [
                .init(name: w.calls, color: "#17becf", values: talkBands.map(Double.init), kind: .bar)
            ]
        ) { w.tick($0) }
        let pct = w.percent
        let sec = w.seconds
        func hours(_ v: Double?) -> String { v.map { w.number($0, decimals: 1) } ?? w.noHistory }
        let lastDay = LocalDate(to.addingTimeInterval(-0.001), in: timeZone)
        var h = """
            <!DOCTYPE html>
            <html lang="\(w.languageCode)"><head><meta charset="utf-8"><title>\(e(practiceName)) – \(e(w.title))</title>
            <style>body{font-family:sans-serif;margin:24px;color:#222}h1{font-size:22px}h2{font-size:17px;margin-top:28px}
            table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ccc;padding:3px 8px;font-size:13px;text-align:right}
            th{background:#f2f2f2}td:first-child,th:first-child{text-align:left}figure{margin:12px 0}.note{color:#8a4b00}</style></head><body>
            <h1>\(e(practiceName)) — \(e(w.title))</h1>
            <p>\(e(w.period))\(e(w.colon))\(e(w.date(LocalDate(from, in: timeZone)))) – \(e(w.date(lastDay))) (\(e(RFC3339.format(from, in: timeZone))) – \(e(RFC3339.format(to, in: timeZone))), \(e(w.endExcluded))).</p>

            """
        if !hasHistory { h += "<p class=\"note\">\(e(w.noHistoryNote))</p>\n" }
        h += "<h2>\(e(w.summary))</h2><table><tr><th>\(e(w.indicator))</th><th>\(e(w.value))</th></tr>"
        for (k, v) in summaryRows { h += "<tr><td>\(e(k))</td><td>\(e(v))</td></tr>" }
        h += "</table>\n<figure>\(slChart.svg)</figure>\n<figure>\(arrivals.svg)</figure>\n<figure>\(agents.svg)</figure>\n<figure>\(dmc.svg)</figure>\n"
        h +=
            "<h2>\(e(w.perDay))</h2><table><tr>"
            + [
                w.dateColumn, w.offered, w.answered, w.abandoned, w.serviceLevel, w.asa, w.dmcMean, w.forecast,
                w.requiredHours, w.scheduledHours
            ].map { "<th>\(e($0))</th>" }.joined() + "</tr>"
        for d in days {
            h +=
                "<tr><td>\(e(w.date(d.date)))</td><td>\(d.offered)</td><td>\(d.answered)</td><td>\(d.abandoned)</td><td>\(e(pct(d.serviceLevel)))</td><td>\(e(sec(d.averageSpeedOfAnswer)))</td><td>\(e(sec(d.dmc)))</td><td>\(e(hours(d.forecast)))</td><td>\(e(hours(d.requiredAgentHours)))</td><td>\(e(w.number(d.scheduledAgentHours, decimals: 1)))</td></tr>"
        }
        let talkHeader = "<tr><th>%@</th>" + [w.calls, w.mean, w.median, "P90"].map { "<th>\(e($0))</th>" }.joined() + "</tr>"
        h += "</table><h2>\(e(w.dmcByMotive))</h2><table>" + talkHeader.replacingOccurrences(of: "%@", with: e(w.motive))
        for (k, t) in summary.talkTimeByMotive.sorted(by: { $0.key < $1.key }) {
            h += "<tr><td>\(e(k))</td><td>\(t.calls)</td><td>\(e(sec(t.mean)))</td><td>\(e(sec(t.median)))</td><td>\(e(sec(t.p90)))</td></tr>"
        }
        h += "</table><h2>\(e(w.dmcByChannel))</h2><table>" + talkHeader.replacingOccurrences(of: "%@", with: e(w.channel))
        for (k, t) in summary.talkTimeByChannel.sorted(by: { $0.key < $1.key }) {
            h += "<tr><td>\(e(k))</td><td>\(t.calls)</td><td>\(e(sec(t.mean)))</td><td>\(e(sec(t.median)))</td><td>\(e(sec(t.p90)))</td></tr>"
        }
        h += "</table><h2>\(e(w.channelMix))</h2><table><tr><th>\(e(w.channel))</th><th>\(e(w.contacts))</th><th>\(e(w.share))</th></tr>"
        for c in summary.channelMix { h += "<tr><td>\(e(c.channel))</td><td>\(c.contacts)</td><td>\(e(pct(c.share)))</td></tr>" }
        h += "</table>"
        if let a = appointments { h += appointmentsSection(a) }
        h += "</body></html>\n"
        return h
    }

    /// The appointments part of the page: reminders, waiting list, SMS, no-shows by dimension.
    private func appointmentsSection(_ a: AppointmentFigureSet) -> String {
        let e = SVGChart.escape
        let w = wording
        var h = "<h2>\(e(w.appointmentsTitle))</h2><table><tr><th>\(e(w.indicator))</th><th>\(e(w.value))</th></tr>"
        let rows: [(String, String)] = [
            (w.remindersSent, "\(a.reminders.sent)"), (w.confirmationRate, w.percent(a.reminders.confirmationRate)),
            (w.cancellationRate, w.percent(a.reminders.cancellationRate)), (w.optedOut, "\(a.reminders.optedOut)"),
            (w.forwarded, "\(a.reminders.forwarded)"), (w.slotsFreed, "\(a.backfill.slotsFreed)"), (w.offersSent, "\(a.backfill.offersSent)"),
            (w.slotsRefilled, "\(a.backfill.slotsRefilled)"), (w.backfillRate, w.percent(a.backfill.backfillRate)),
            (w.smsMessages, "\(a.sms.messages)"), (w.smsSegments, "\(a.sms.segments)")
        ]
        for (k, v) in rows { h += "<tr><td>\(e(k))</td><td>\(e(v))</td></tr>" }
        h +=
            "</table><h2>\(e(w.noShowsTitle))</h2><table><tr><th>\(e(w.dimension))</th><th>\(e(w.value))</th><th>\(e(w.appointments))</th><th>\(e(w.noShows))</th><th>\(e(w.rate))</th></tr>"
        for r in a.noShows {
            h +=
                "<tr><td>\(e(w.dimensionName(r.dimension)))</td><td>\(e(w.dimensionValueName(r.key, of: r.dimension)))</td><td>\(r.appointments)</td><td>\(r.noShows)</td><td>\(e(w.percent(r.rate)))</td></tr>"
        }
        return h + "</table>\n"
    }
}
